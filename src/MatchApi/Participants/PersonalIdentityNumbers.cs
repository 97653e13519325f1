using System.Globalization;
using System.Text.RegularExpressions;

namespace MatchApi.Participants;

/// <summary>
/// Spots Swedish personal identity numbers (personnummer) and coordination numbers
/// (samordningsnummer) in free text, so that they are refused before anything is stored.
/// MatchApi identifies participants only by the municipality's own case reference.
/// </summary>
public static partial class PersonalIdentityNumbers
{
    public const string NotStoredMessage =
        "'{PropertyName}' looks like it contains a personal identity number (personnummer or samordningsnummer); "
        + "personal identity numbers must not be stored. Use the case reference instead.";

    // (YY)YYMMDD, an optional '-' or '+', then four digits: 10 or 12 digits in all. A neighbouring
    // digit makes it part of some longer number, so the run must stand alone. ASCII digits only:
    // \d would also match other scripts' digits, which int.Parse below does not read.
    [GeneratedRegex(@"(?<![0-9])(?<century>[0-9]{2})?(?<yy>[0-9]{2})(?<mm>[0-9]{2})(?<dd>[0-9]{2})[-+]?[0-9]{4}(?![0-9])",
        RegexOptions.CultureInvariant)]
    private static partial Regex Candidate();

    /// <summary>True when the text holds anything shaped like a personal identity or coordination number.</summary>
    public static bool ContainsOne(string? text)
    {
        if (string.IsNullOrEmpty(text)) return false;
        foreach (Match match in Candidate().Matches(text))
            if (HasPlausibleDate(match)) return true;
        return false;
    }

    /// <summary>
    /// Like <see cref="ContainsOne"/>, but only numbers written with the century (12 digits) or with the
    /// '-'/'+' after the date. For phone numbers: ten plain digits such as 0701234567 often read as a
    /// date, so only the unmistakable forms are refused there.
    /// </summary>
    public static bool ContainsUnmistakableOne(string? text)
    {
        if (string.IsNullOrEmpty(text)) return false;
        foreach (Match match in Candidate().Matches(text))
            if ((match.Groups["century"].Success || match.Value.Contains('-') || match.Value.Contains('+')) && HasPlausibleDate(match))
                return true;
        return false;
    }

    // The date part must be a real date (a coordination number adds 60 to the day); otherwise
    // ten digits are more likely an organisation number or some other code, which are allowed.
    private static bool HasPlausibleDate(Match match)
    {
        var yy = Number(match.Groups["yy"]);
        var month = Number(match.Groups["mm"]);
        var day = Number(match.Groups["dd"]);
        int year;
        if (match.Groups["century"].Success)
        {
            var century = Number(match.Groups["century"]);
            if (century is < 18 or > 20) return false;
            year = century * 100 + yy;
        }
        else
        {
            // Either century; 2000 + yy is a leap year whenever 1900 + yy is, so Feb 29 is judged leniently.
            year = 2000 + yy;
        }
        if (month is < 1 or > 12) return false;
        if (day > 60) day -= 60;
        return day >= 1 && day <= DateTime.DaysInMonth(year, month);
    }

    private static int Number(Group group) => int.Parse(group.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
}
