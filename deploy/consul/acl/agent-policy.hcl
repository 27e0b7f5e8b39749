# ACL policy of a Consul agent's own token (acl.tokens.agent) under default_policy = "deny": the agent must
# register its own node and read service definitions to keep the catalog in sync. One policy and token per host:
#   consul acl policy create -name agent-<node-b> -rules @agent-policy.hcl
#   consul acl token create -description "agent <node-b>" -policy-name agent-<node-b>
#   consul acl set-agent-token agent <secret>
node "<node-b>" {
  policy = "write"
}
service_prefix "" {
  policy = "read"
}
