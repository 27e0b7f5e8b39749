# ACL policy of converge on ONE host: replace <node> with that host's Consul node name (sed 's/<node>/node-a/g').
# A host's converge token carries the shared policy (converge-policy.hcl) and this one:
#   sed 's/<node>/node-a/g' converge-node-policy.hcl > converge-node-a.hcl
#   consul acl policy create -name converge-node-a -rules @converge-node-a.hcl
#   consul acl token create -description "converge on node-a" -policy-name converge -policy-name converge-node-a

# create, watch and destroy this node's sessions (converge:<prefix>:<node>[:lock-delay-<d>]), which hold its locks
session "<node>" {
  policy = "write"
}

# /v1/agent/self of the local agent: the node's name, address, meta (site) and tagged addresses (wan)
agent "<node>" {
  policy = "read"
}
