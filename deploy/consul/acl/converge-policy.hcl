# ACL policy of converge shared by every host (Consul 1.8 rule syntax), the least it needs. Each host's token has
# this policy plus its own converge-node-policy.hcl (session write and agent read for that node only), so a
# stolen token can neither make sessions for another node nor be used through another host's agent:
#   consul acl policy create -name converge -description "converge, every host" -rules @converge-policy.hcl
# Derived from the Consul HTTP API converge calls (docs/install.md lists them); deploy/dev/cluster.sh with
# CLUSTER_SECURE=1 and SecureClusterIT run converge with exactly these two files.

# specs (read; the CLI writes them), status (check-and-set writes), lock keys (session acquire, the semaphore's
# .lock with check-and-set) under the KV prefix: change "converge/" if you change converge.kv.prefix
key_prefix "converge/" {
  policy = "write"
}

# the catalog: node names, node meta (placement.nodeMeta, site), tagged addresses (wan) and node health;
# /v1/catalog/nodes, /v1/catalog/node/<node>, /v1/health/state/any are filtered by it (a missing read shows as
# an empty catalog, not as an error)
node_prefix "" {
  policy = "read"
}

# write: register and deregister the instances converge runs (service <name>, id converge-<name>: a Service's name
# is chosen by whoever writes its spec, so every name) and converge itself (service converge, with the liveness
# check its sessions are bound to); read: the catalog and health of every service (Routes, PortForwards and
# DnsRecords follow services that other hosts run)
service_prefix "" {
  policy = "write"
}

# read the sessions of every node: who holds a lock (status, `converge locks`); making sessions is per node
session_prefix "" {
  policy = "read"
}
