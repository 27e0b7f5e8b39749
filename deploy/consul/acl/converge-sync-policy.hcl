# ACL policy of `converge sync` (deploy/systemd/converge-sync.service): it reads and writes spec documents only
# (KV under <prefix>/specs/, through /v1/kv and /v1/txn), never status, locks or sessions. Create with:
#   consul acl policy create -name converge-sync -description "converge GitOps sync" -rules @converge-sync-policy.hcl
#   consul acl token create -description "converge sync on <host>" -policy-name converge-sync
# The prefix must match converge.kv.prefix (CONVERGE_KV_PREFIX).
key_prefix "converge/specs/" {
  policy = "write"
}
