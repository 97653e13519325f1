using MatchApi.Data;

namespace MatchApi.Openings;

/// <summary>
/// The columns of <c>openings</c> that describe an opening (<see cref="OpeningColumns"/>), in one list: the REST
/// insert and update, the sync stage table and its upsert, the JobTech import and the candidate read are derived from it.
/// </summary>
public static class OpeningsTable
{
    public static readonly TableColumns<OpeningColumns> Columns = new("openings",
    [
        new("employer_id", nameof(OpeningColumns.EmployerId), ColumnType.Id, v => v.EmployerId),
        new("title", nameof(OpeningColumns.Title), ColumnType.Text(200), v => v.Title),
        new("description", nameof(OpeningColumns.Description), ColumnType.Text(4000).OrNull, v => v.Description),
        new("ssyk_code", nameof(OpeningColumns.SsykCode), ColumnType.Text(4), v => v.SsykCode),
        new("municipality_code", nameof(OpeningColumns.MunicipalityCode), ColumnType.Text(4), v => v.MunicipalityCode),
        new("latitude", nameof(OpeningColumns.Latitude), ColumnType.Real.OrNull, v => v.Latitude),
        new("longitude", nameof(OpeningColumns.Longitude), ColumnType.Real.OrNull, v => v.Longitude),
        new("hours_per_week", nameof(OpeningColumns.HoursPerWeek), ColumnType.Real.OrNull, v => v.HoursPerWeek),
        new("schedule", nameof(OpeningColumns.Schedule), ColumnType.Text(20).OrNull, v => v.Schedule),
        new("employment_form", nameof(OpeningColumns.EmploymentForm), ColumnType.Text(20), v => v.EmploymentForm),
        new("job_type", nameof(OpeningColumns.JobType), ColumnType.Text(20), v => v.JobType),
        new("subsidy_type", nameof(OpeningColumns.SubsidyType), ColumnType.Text(30).OrNull, v => v.SubsidyType),
        new("remote", nameof(OpeningColumns.Remote), ColumnType.Flag, v => v.Remote),
        new("start_date", nameof(OpeningColumns.StartDate), ColumnType.Date.OrNull, v => v.StartDate),
        new("expires_on", nameof(OpeningColumns.ExpiresOn), ColumnType.Date.OrNull, v => v.ExpiresOn),
        new("status", nameof(OpeningColumns.Status), ColumnType.Text(20), v => v.Status),
    ],
    notListed:
    [
        "id", "tenant_id",
        // The key a source system knows the opening by: set from the request or the sync's path, never compared as a value.
        "source", "external_ref",
        // Only the JobTech import writes it (the ad's address); the REST and sync writes leave it as it is.
        "web_url",
        // Bookkeeping every write sets itself: timestamps, the ETag's version, the tenant's change stamp (Data/TenantChanges.cs).
        "created_at", "updated_at", "version", "change_seq",
    ]);
}
