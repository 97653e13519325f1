-- Results of requests sent with an Idempotency-Key (the sync routes): a retry with the same key
-- and the same request gets the stored answer instead of running again. Keys expire after 24 hours.
CREATE TABLE dbo.idempotency_keys (
    tenant_id     bigint        NOT NULL CONSTRAINT fk_idempotency_keys_tenant REFERENCES dbo.tenants(id),
    idem_key      nvarchar(200) NOT NULL,
    request_hash  nvarchar(64)  NOT NULL,
    status_code   int           NOT NULL,
    response_json nvarchar(max) NOT NULL,
    created_at    datetime2(7)  NOT NULL,
    CONSTRAINT pk_idempotency_keys PRIMARY KEY (tenant_id, idem_key)
);
CREATE INDEX ix_idempotency_keys_tenant_created ON dbo.idempotency_keys (tenant_id, created_at);
