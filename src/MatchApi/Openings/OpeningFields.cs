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
