using System.ComponentModel;

namespace MatchApi.Sync;

/// <summary>upsert creates and updates; mirror also deactivates the source's rows that the list leaves out.</summary>
public enum SyncMode { Upsert, Mirror }

public enum SyncOutcome { Created, Updated, Unchanged, Deactivated }

/// <summary>What a sync did with one row.</summary>
public sealed record SyncItemResult(
    [property: Description("The row's number in the list, from 1 (a CSV header is not a row); null for a row deactivated because the list left it out.")]
    int? Row,
    [property: Description("The row's reference in the source system.")] string ExternalRef,
    [property: Description("MatchApi's id of the row; null for a row that a dry run would create.")] long? Id,
    [property: Description("created, updated, unchanged or deactivated.")] SyncOutcome Outcome);

/// <summary>What a sync did, or in a dry run would do. Nothing is written unless every row is valid, or onInvalid=skip was asked for.</summary>
public sealed record SyncReport(
    [property: Description("The source system the list came from.")] string Source,
    [property: Description("upsert or mirror.")] SyncMode Mode,
    [property: Description("True when nothing was written.")] bool DryRun,
    [property: Description("Rows in the list, skipped ones included.")] int Received,
    [property: Description("Rows that were new.")] int Created,
    [property: Description("Rows whose stored values changed.")] int Updated,
    [property: Description("Rows already stored exactly so; nothing was written for them.")] int Unchanged,
    [property: Description("Rows of the source left out of a mirror list and now deactivated (employers) or closed (openings).")] int Deactivated,
    [property: Description("One entry per written or checked row of the list, in list order, then one per deactivated row.")] IReadOnlyList<SyncItemResult> Items,
    [property: Description("With onInvalid=skip: what is wrong with each row that was left out (nothing of those rows was written). Empty otherwise.")]
    IReadOnlyList<SyncRowError> Skipped);

/// <summary>Why one row of a list cannot be synced.</summary>
public sealed record SyncRowError(
    [property: Description("The row's number in the list, from 1.")] int Row,
    [property: Description("The line of a CSV file the row starts on (the header is line 1); null for JSON.")] int? Line,
    [property: Description("The row's reference, when it has one.")] string? ExternalRef,
    [property: Description("The field, named as in JSON bodies and validation errors (e.g. orgNumber, location.latitude).")] string Field,
    [property: Description("The CSV column the value came from, as its header names it.")] string? Column,
    [property: Description("What is wrong.")] string Message);
