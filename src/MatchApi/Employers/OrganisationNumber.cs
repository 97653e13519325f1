namespace MatchApi.Employers;

/// <summary>
/// Swedish organisationsnummer: ten digits, the last a Luhn check digit over the first nine,
/// written NNNNNN-NNNN. Legal persons have a third digit of 2 or more, so digits 3–4 never form
/// a month; a sole trader's number is the owner's personal identity number, which this API must
/// not store, so numbers shaped like a birth date are refused and sole traders register without one.
/// </summary>
public static class OrganisationNumber
{
    public const string PersonalNumberMessage =
        "This looks like a personal identity number (a birth date), which must not be stored. "
        + "Sole traders register without an organisation number.";

    public const string FormatMessage = "Organisation number must be 10 digits, e.g. 556036-0793 or 5560360793.";

    public const string CheckDigitMessage = "Organisation number has a wrong check digit.";

    /// <summary>The ten digits of "NNNNNN-NNNN" or "NNNNNNNNNN"; null for anything else.</summary>
    public static string? Normalise(string? input)
    {
        if (input is null) return null;
        var s = input.Trim();
        if (s.Length == 11 && s[6] == '-') s = string.Concat(s.AsSpan(0, 6), s.AsSpan(7));
        return s.Length == 10 && s.All(char.IsAsciiDigit) ? s : null;
    }

    /// <summary>Why the number cannot be stored, or null when it can (an absent number is fine).</summary>
    public static string? Validate(string? input)
    {
        if (input is null) return null;
        if (Normalise(input) is not { } digits)
            return LooksLikeLongPersonalNumber(input) ? PersonalNumberMessage : FormatMessage;
        // Refuse a personal number before judging its check digit: the message must say why not to send it at all.
        if (LooksLikePersonalIdentityNumber(digits)) return PersonalNumberMessage;
        return HasValidCheckDigit(digits) ? null : CheckDigitMessage;
    }

    /// <summary>The Luhn check digit of nine digits (weights 2,1,2,… from the left).</summary>
    public static int CheckDigit(ReadOnlySpan<char> nineDigits)
    {
        if (nineDigits.Length != 9) throw new ArgumentException("Exactly nine digits are needed.", nameof(nineDigits));
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var d = (nineDigits[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += d > 9 ? d - 9 : d;
        }
        return (10 - sum % 10) % 10;
    }

    public static bool HasValidCheckDigit(string tenDigits) =>
        tenDigits.Length == 10 && tenDigits.All(char.IsAsciiDigit) && CheckDigit(tenDigits.AsSpan(0, 9)) == tenDigits[9] - '0';

    /// <summary>
    /// True when digits 1–6 read as a plausible YYMMDD birth date (day + 60 for a coordination
    /// number); organisation numbers of legal persons never do, since their month digits are 20 or more.
    /// </summary>
    public static bool LooksLikePersonalIdentityNumber(string tenDigits)
    {
        var month = int.Parse(tenDigits.AsSpan(2, 2), provider: System.Globalization.CultureInfo.InvariantCulture);
        var day = int.Parse(tenDigits.AsSpan(4, 2), provider: System.Globalization.CultureInfo.InvariantCulture);
        return month is >= 1 and <= 12 && day is (>= 1 and <= 31) or (>= 61 and <= 91);
    }

    /// <summary>First digit 2: state, regions, municipalities; 8: non-profit associations and foundations; others are businesses.</summary>
    public static Sector DefaultSector(string? tenDigits) => tenDigits switch
    {
        ['2', ..] => Sector.Public,
        ['8', ..] => Sector.NonProfit,
        _ => Sector.Private,
    };

    // "19800101-1234" or "198001011234": the twelve-digit form of a personal identity number.
    private static bool LooksLikeLongPersonalNumber(string input)
    {
        var s = input.Trim();
        if (s.Length == 13 && s[8] is '-' or '+') s = string.Concat(s.AsSpan(0, 8), s.AsSpan(9));
        return s.Length == 12 && s.All(char.IsAsciiDigit) && s[..2] is "18" or "19" or "20"
            && LooksLikePersonalIdentityNumber(s[2..]);
    }
}
