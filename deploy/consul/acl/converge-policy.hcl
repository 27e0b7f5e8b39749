# ACL policy of converge (Consul 1.8 rule syntax). One token with this policy per datacenter is enough; a token
# per host is better (revocable alone). Create with:
#   consul acl policy create -name converge -description "converge operator" -rules @converge-policy.hcl
#   consul acl token create -description "converge on <node>" -policy-name converge

# specs (read), status (check-and-set writes), locks (session acquire) under the KV prefix (converge.kv.prefix)
key_prefix "converge/" {
  policy = "write"
}

# each node's sessions for locks and semaphores (create, renew, destroy; sessions are named per node)
session_prefix "" {
  policy = "write"
}

# node names, node meta (placement.nodeMeta, site) and tagged addresses of every node; health of nodes.
# write: placement sessions are created on this node (and older converges registered a node check). With one
# token per host, narrow this to read plus `node "<this node>" { policy = "write" }`.
node_prefix "" {
  policy = "write"
}

# register and deregister the instances it runs (service <name>, id converge-<name>) and converge itself (service
# converge, id converge.run.<prefix>, with the liveness check its sessions are bound to) in the local agent,
# and read their checks; later also the catalog and health of the services PortForwards, Routes and DnsRecords follow
service_prefix "" {
  policy = "write"
}

# /v1/agent/self: the local node's name, address and meta
agent_prefix "" {
  policy = "read"
}
