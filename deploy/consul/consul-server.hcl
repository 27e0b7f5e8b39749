# Consul 1.8 agent configuration for a converge host that is also a Consul SERVER.
# Install as /etc/consul.d/consul.hcl (with the TLS files under /etc/consul.d/tls) on 3 or 5 hosts spread over
# the sites, so that one Raft quorum spans the clouds. Every other host uses consul-client.hcl.
# Replace everything in <angle brackets>; check with `consul validate /etc/consul.d`.

datacenter         = "dc1"
primary_datacenter = "dc1"
node_name          = "<node-b>"          # converge's node name is this agent's node name
data_dir           = "/var/lib/consul"
log_level          = "INFO"

server           = true
bootstrap_expect = 3
ui               = true

# Private (LAN) address the cluster gossips on, and the public address of this host.
bind_addr      = "<10.0.2.11>"
advertise_addr = "<10.0.2.11>"
# The agent's tagged address `wan`: where PortForward DNAT rules are to be published (that controller comes later).
advertise_addr_wan = "<203.0.113.11>"
client_addr        = "127.0.0.1"       # HTTP(S) and DNS API only on loopback: converge runs on the same host
# Consul DNS (127.0.0.1:8600) answers passing instances only: containers find services through it (docs/discovery.md)
dns_config {
  only_passing = true
}

retry_join = ["<10.0.1.11>", "<10.0.2.11>", "<10.0.3.11>"]

# Node meta: Service placement.nodeMeta selects on it (e.g. {"site": "onamae"}); DnsRecord site targets are to use `site`.
node_meta {
  site = "<onamae>"
  # wan-address = "<203.0.113.11>"   # PortForwards answer on it (before the tagged wan address)
}

# ---- gossip encryption: one key for the whole datacenter, made once with `consul keygen`
encrypt                 = "<output of consul keygen>"
encrypt_verify_incoming = true
encrypt_verify_outgoing = true

# ---- TLS: RPC between agents and the HTTPS API (the plain HTTP API is switched off)
ports {
  http  = -1
  https = 8501
  grpc  = -1
}
ca_file                = "/etc/consul.d/tls/consul-agent-ca.pem"
cert_file              = "/etc/consul.d/tls/dc1-server-consul-0.pem"
key_file               = "/etc/consul.d/tls/dc1-server-consul-0-key.pem"
verify_incoming        = true            # RPC and HTTPS clients must present a certificate of this CA
verify_outgoing        = true
verify_server_hostname = true
# Servers hand out client certificates to client agents that ask (see auto_encrypt in consul-client.hcl).
auto_encrypt {
  allow_tls = true
}

# ---- ACLs: default deny; converge gets its own token (deploy/consul/README.md)
acl {
  enabled                  = true
  default_policy           = "deny"
  down_policy              = "extend-cache"
  enable_token_persistence = true
  tokens {
    # the agent's own token (policy acl/agent-policy.hcl), set after bootstrap:
    #   consul acl set-agent-token agent <secret>
    # agent = "<agent token secret>"
  }
}

performance {
  raft_multiplier = 1
}
