using MatchApi.Data;

namespace MatchApi.Employers;

/// <summary>
/// The columns of <c>employers</c> that describe an employer (<see cref="EmployerColumns"/>), in one list: the REST
/// insert and update, the sync stage table and its upsert and the candidate read are derived from it.
/// </summary>
public static class EmployersTable
{
    public static readonly TableColumns<EmployerColumns> Columns = new("employers",
    [
        new("org_number", nameof(EmployerColumns.OrgNumber), ColumnType.Text(10).OrNull, v => v.OrgNumber),
        new("name", nameof(EmployerColumns.Name), ColumnType.Text(200), v => v.Name),
        new("sector", nameof(EmployerColumns.Sector), ColumnType.Text(20), v => v.Sector),
        new("sni_code", nameof(EmployerColumns.SniCode), ColumnType.Text(5).OrNull, v => v.SniCode),
        new("municipality_code", nameof(EmployerColumns.MunicipalityCode), ColumnType.Text(4).OrNull, v => v.MunicipalityCode),
        new("latitude", nameof(EmployerColumns.Latitude), ColumnType.Real.OrNull, v => v.Latitude),
        new("longitude", nameof(EmployerColumns.Longitude), ColumnType.Real.OrNull, v => v.Longitude),
        new("active", nameof(EmployerColumns.Active), ColumnType.Flag, v => v.Active),
    ],
    notListed:
    [
        "id", "tenant_id",
        // The key a source system knows the employer by: set from the request or the sync's path, never compared as a value.
        "source", "external_ref",
        // The contact person: written only by POST and PUT /v1/employers; a sync keeps what a coach entered.
        "contact_name", "contact_phone", "contact_email",
        // Bookkeeping every write sets itself: timestamps, the ETag's version, the tenant's change stamp (Data/TenantChanges.cs).
        "created_at", "updated_at", "version", "change_seq",
    ]);
}
