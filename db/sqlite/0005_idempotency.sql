-- Results of requests sent with an Idempotency-Key (the sync routes): a retry with the same key
-- and the same request gets the stored answer instead of running again. Keys expire after 24 hours.
CREATE TABLE idempotency_keys (
    tenant_id     INTEGER NOT NULL REFERENCES tenants(id),
    idem_key      TEXT    NOT NULL,
    request_hash  TEXT    NOT NULL,
    status_code   INTEGER NOT NULL,
    response_json TEXT    NOT NULL,
    created_at    TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, idem_key)
);
CREATE INDEX ix_idempotency_keys_tenant_created ON idempotency_keys (tenant_id, created_at);
