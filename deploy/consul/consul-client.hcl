# Consul 1.8 agent configuration for a converge host that is a Consul CLIENT (every host that is not one of the
# 3 or 5 servers). Install as /etc/consul.d/consul.hcl, with the TLS files under /etc/consul.d/tls.
# Replace everything in <angle brackets>; check with `consul validate /etc/consul.d`.

datacenter         = "dc1"
primary_datacenter = "dc1"
node_name          = "<node-c>"          # converge's node name is this agent's node name
data_dir           = "/var/lib/consul"
log_level          = "INFO"

server = false

bind_addr      = "<10.0.4.21>"
advertise_addr = "<10.0.4.21>"
# The agent's tagged address `wan` (this host's public address), where PortForward DNAT is to be published
# (that controller comes later).
advertise_addr_wan = "<198.51.100.21>"
client_addr        = "127.0.0.1"
# Consul DNS (127.0.0.1:8600) answers passing instances only: containers find services through it (docs/discovery.md)
dns_config {
  only_passing = true
}

retry_join = ["<10.0.1.11>", "<10.0.2.11>", "<10.0.3.11>"]

node_meta {
  site = "<aws-tokyo>"
  # wan-address = "<198.51.100.21>"
}

# ---- gossip encryption: the same key as on the servers
encrypt                 = "<output of consul keygen>"
encrypt_verify_incoming = true
encrypt_verify_outgoing = true

# ---- TLS
ports {
  http  = -1
  https = 8501
  grpc  = -1
}
ca_file                = "/etc/consul.d/tls/consul-agent-ca.pem"
# A client certificate made with `consul tls cert create -client` (it also serves this agent's HTTPS API).
# Alternatively drop cert_file/key_file and let the servers issue one: auto_encrypt { tls = true }
cert_file              = "/etc/consul.d/tls/dc1-client-consul-0.pem"
key_file               = "/etc/consul.d/tls/dc1-client-consul-0-key.pem"
verify_incoming        = true            # converge must present a client certificate (CONSUL_CLIENT_CERT/KEY)
verify_outgoing        = true
verify_server_hostname = true

# ---- ACLs
acl {
  enabled                  = true
  default_policy           = "deny"
  down_policy              = "extend-cache"
  enable_token_persistence = true
  tokens {
    # agent = "<agent token secret>"     # or: consul acl set-agent-token agent <secret>
  }
}
