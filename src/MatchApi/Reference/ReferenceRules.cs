using FluentValidation;

namespace MatchApi.Reference;

/// <summary>How a body names a municipality: the REST resources take its code; sync rows, kept by people in spreadsheets, may also give its name.</summary>
public enum MunicipalityInput { Code, CodeOrName }

/// <summary>Validation rules over the reference data, shared by every body that names a municipality or an occupation.</summary>
public static class ReferenceRules
{
    public static IRuleBuilderOptions<T, string?> KnownMunicipality<T>(this IRuleBuilder<T, string?> rule, ReferenceData reference,
        MunicipalityInput input) =>
        input == MunicipalityInput.CodeOrName
            ? rule.Must(value => reference.MunicipalityCodeOf(value) is not null)
                .WithMessage("'{PropertyName}' must be a municipality code (4 digits) or name, e.g. 1480 or Göteborg (see /v1/reference/municipalities).")
            : rule.Must(reference.IsMunicipality)
                .WithMessage("'{PropertyName}' must be a known municipality code (see /v1/reference/municipalities).");

    /// <summary>Matching compares occupations at unit-group level, so coarser codes would make an opening unmatchable.</summary>
    public static IRuleBuilderOptions<T, string?> SsykUnitGroup<T>(this IRuleBuilder<T, string?> rule, ReferenceData reference) =>
        rule.Must(code => code is not null && reference.Occupations.TryGetValue(code, out var o) && o.Level == 4)
            .WithMessage("'{PropertyName}' must be a known SSYK 2012 unit group (4 digits).");

    /// <summary>With JobTech's taxonomy imported, an SNI code must exist in SNI 2007; without it, the code's shape is all that is checked.</summary>
    public static IRuleBuilderOptions<T, string?> KnownIndustry<T>(this IRuleBuilder<T, string?> rule, ReferenceData reference) =>
        rule.Must(code => code is null || reference.IsKnownIndustry(code))
            .WithMessage("'{PropertyValue}' is not an SNI 2007 industry code (see /v1/reference/industries).");
}
