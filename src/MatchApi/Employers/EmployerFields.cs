using FluentValidation;
using MatchApi.Common;
using MatchApi.Reference;

namespace MatchApi.Employers;

/// <summary>What describes an employer, whichever route writes it: POST and PUT /v1/employers or the sync routes.</summary>
public interface IEmployerFields
{
    string Name { get; }
    string? OrgNumber { get; }
    Sector? Sector { get; }
    string? SniCode { get; }
    string? MunicipalityCode { get; }
    GeoPoint? Location { get; }
    bool? Active { get; }
}

/// <summary>The rules of <see cref="IEmployerFields"/>. Each employer body's validator includes them and adds its own.</summary>
public sealed class EmployerFieldsValidator<T> : AbstractValidator<T> where T : IEmployerFields
{
    public EmployerFieldsValidator(ReferenceData reference, MunicipalityInput municipality)
    {
        RuleFor(x => x.OrgNumber).Custom((value, ctx) =>
        {
            if (OrganisationNumber.Validate(value) is { } message) ctx.AddFailure(message);
        });
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Sector).IsInEnum();
        RuleFor(x => x.SniCode).Cascade(CascadeMode.Stop).Matches("^[0-9]{2,5}$").WithMessage("'Sni Code' must be 2 to 5 digits (SNI 2007).")
            .KnownIndustry(reference)
            .When(x => x.SniCode is not null);
        RuleFor(x => x.MunicipalityCode).KnownMunicipality(reference, municipality).When(x => x.MunicipalityCode is not null);
        RuleFor(x => x.Location).SetValidator(new SwedishLocationValidator()!);
    }
}

/// <summary>
/// An employer's fields as stored: the organisation number as ten digits, the sector derived from it
/// when not given, the municipality as its code, active unless said otherwise. Two equal values
/// mean that writing one over the other would change nothing.
/// </summary>
public record EmployerColumns
{
    public string? OrgNumber { get; init; }
    public string Name { get; init; } = "";
    public string Sector { get; init; } = "";
    public string? SniCode { get; init; }
    public string? MunicipalityCode { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public bool Active { get; init; }

    /// <summary>The stored form of validated fields; <paramref name="municipalityCode"/> is the code the body's municipality resolved to.</summary>
    public static EmployerColumns From(IEmployerFields fields, string? municipalityCode)
    {
        var orgNumber = OrganisationNumber.Normalise(fields.OrgNumber);
        return new EmployerColumns
        {
            OrgNumber = orgNumber,
            Name = fields.Name,
            Sector = (fields.Sector ?? OrganisationNumber.DefaultSector(orgNumber)).ToString(),
            SniCode = fields.SniCode,
            MunicipalityCode = municipalityCode,
            Latitude = fields.Location?.Latitude,
            Longitude = fields.Location?.Longitude,
            Active = fields.Active ?? true,
        };
    }

    /// <summary>Only the stored fields, without what a derived row type adds (ids, versions), so that equality compares values.</summary>
    public EmployerColumns Values() => new(this);
}

/// <summary>The descriptions of an employer's fields that its request and its sync item share, written once.</summary>
public static class EmployerFieldDescriptions
{
    public const string OrgNumber = "Organisation number, \"556036-0793\" or \"5560360793\". Leave out for sole traders: personal identity numbers are refused.";
    public const string Name = "The employer's name, at most 200 characters.";
    public const string Sector = "Private, public or non-profit. When left out it follows the organisation number (2… public, 8… non-profit), else private.";
    public const string SniCode = "SNI 2007 industry code, 2 to 5 digits.";
    public const string Location = "Position of the workplace, within Sweden.";
}
