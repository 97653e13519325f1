using FluentValidation;
using MatchApi.Common;
using MatchApi.Reference;

namespace MatchApi.Openings;

/// <summary>What describes an opening, whichever route writes it: POST and PUT /v1/openings or the sync routes.</summary>
public interface IOpeningFields
{
    string Title { get; }
    string? Description { get; }
    string SsykCode { get; }
    string MunicipalityCode { get; }
    GeoPoint? Location { get; }
    double? HoursPerWeek { get; }
    Schedule? Schedule { get; }
    EmploymentForm? EmploymentForm { get; }
    JobType? JobType { get; }
    SubsidyType? SubsidyType { get; }
    bool Remote { get; }
    DateOnly? StartDate { get; }
    DateOnly? ExpiresOn { get; }
    OpeningStatus? Status { get; }
}

/// <summary>The rules of <see cref="IOpeningFields"/>. Each opening body's validator includes them and adds how it names the employer.</summary>
public sealed class OpeningFieldsValidator<T> : AbstractValidator<T> where T : IOpeningFields
{
    public OpeningFieldsValidator(ReferenceData reference, MunicipalityInput municipality)
    {
        RuleFor(x => x.Title).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Description).MaximumLength(4000);
        RuleFor(x => x.SsykCode).Cascade(CascadeMode.Stop).NotEmpty().SsykUnitGroup(reference);
        RuleFor(x => x.MunicipalityCode).Cascade(CascadeMode.Stop).NotEmpty().KnownMunicipality(reference, municipality);
        RuleFor(x => x.Location).SetValidator(new SwedishLocationValidator()!);
        RuleFor(x => x.HoursPerWeek).GreaterThan(0).LessThanOrEqualTo(80);
        RuleFor(x => x.Schedule).IsInEnum();
        RuleFor(x => x.EmploymentForm).NotNull().IsInEnum();
        RuleFor(x => x.JobType).NotNull().IsInEnum();
        RuleFor(x => x.SubsidyType).IsInEnum();
        RuleFor(x => x.SubsidyType).Null().When(x => x.JobType != Openings.JobType.Subsidised)
            .WithMessage("'Subsidy Type' is only allowed when jobType is subsidised.");
        RuleFor(x => x.ExpiresOn).GreaterThanOrEqualTo(x => x.StartDate!.Value)
            .When(x => x.StartDate is not null && x.ExpiresOn is not null);
        RuleFor(x => x.Status).IsInEnum();
    }
}

/// <summary>
/// An opening's fields as stored (enums by name, the municipality as its code). Two equal values
/// mean that writing one over the other would change nothing.
/// </summary>
public record OpeningColumns
{
    public long EmployerId { get; init; }
    public string Title { get; init; } = "";
    public string? Description { get; init; }
    public string SsykCode { get; init; } = "";
    public string MunicipalityCode { get; init; } = "";
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public double? HoursPerWeek { get; init; }
    public string? Schedule { get; init; }
    public string EmploymentForm { get; init; } = "";
    public string JobType { get; init; } = "";
    public string? SubsidyType { get; init; }
    public bool Remote { get; init; }
    public DateOnly? StartDate { get; init; }
    public DateOnly? ExpiresOn { get; init; }
    public string Status { get; init; } = "";

    /// <summary>The stored form of validated fields, for the employer and municipality code they resolved to.</summary>
    public static OpeningColumns From(IOpeningFields fields, long employerId, string municipalityCode, OpeningStatus status) => new()
    {
        EmployerId = employerId,
        Title = fields.Title,
        Description = fields.Description,
        SsykCode = fields.SsykCode,
        MunicipalityCode = municipalityCode,
        Latitude = fields.Location?.Latitude,
        Longitude = fields.Location?.Longitude,
        HoursPerWeek = fields.HoursPerWeek,
        Schedule = fields.Schedule?.ToString(),
        EmploymentForm = fields.EmploymentForm!.Value.ToString(),
        JobType = fields.JobType!.Value.ToString(),
        SubsidyType = fields.SubsidyType?.ToString(),
        Remote = fields.Remote,
        StartDate = fields.StartDate,
        ExpiresOn = fields.ExpiresOn,
        Status = status.ToString(),
    };

    /// <summary>Only the stored fields, without what a derived row type adds (ids, versions), so that equality compares values.</summary>
    public OpeningColumns Values() => new(this);
}

/// <summary>The descriptions of an opening's fields that its request and its sync item share, written once.</summary>
public static class OpeningFieldDescriptions
{
    public const string Title = "Job title as the employer words it (at most 200 characters).";
    public const string Description = "What the job involves (at most 4000 characters).";
    public const string SsykCode = "SSYK 2012 occupation code of the job: a unit group, exactly 4 digits.";
    public const string Location = "Where the work is done (WGS 84, within Sweden).";
    public const string HoursPerWeek = "Hours per week, more than 0 and at most 80.";
    public const string Schedule = "When the work is done.";
    public const string EmploymentForm = "Form of employment.";
    public const string JobType = "Ordinary (competitive), subsidised job, or internship.";
    public const string SubsidyType = "Kind of wage subsidy; only allowed when jobType is subsidised.";
    public const string Remote = "The job can be done remotely (default false).";
    public const string StartDate = "First working day.";
    public const string ExpiresOn = "Last day to apply; not before startDate.";
}
