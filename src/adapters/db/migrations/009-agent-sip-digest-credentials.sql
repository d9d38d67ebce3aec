-- Agents' SIP passwords are no longer stored, only the digest credential Asterisk checks them
-- with: MD5("extension:realm:password") with the realm "hotline12345" (SIP_REALM in
-- src/domain/agent/sip-credential.ts). Existing passwords are turned into credentials and the
-- clear column is dropped; migrate.ts runs this whole file in one transaction.
ALTER TABLE agents ADD COLUMN sip_md5_cred text;
UPDATE agents SET sip_md5_cred = md5(extension || ':hotline12345:' || sip_password);
ALTER TABLE agents
  ALTER COLUMN sip_md5_cred SET NOT NULL,
  ADD CONSTRAINT agents_sip_md5_cred_hex CHECK (sip_md5_cred ~ '^[0-9a-f]{32}$'),
  DROP COLUMN sip_password;
-- A dropped column stays in the table's pages until they are rewritten: CLUSTER rewrites the
-- table now (dropped columns written as NULL) and the old file goes at commit.
CLUSTER agents USING agents_pkey;
