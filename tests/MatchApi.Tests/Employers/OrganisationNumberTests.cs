using MatchApi.Employers;

namespace MatchApi.Tests.Employers;

public sealed class OrganisationNumberTests
{
    // Published organisation numbers: a company (AB), a municipality, a state agency, a non-profit.
    public static readonly TheoryData<string, Sector> RealNumbers = new()
    {
        { "556036-0793", Sector.Private },
        { "212000-1355", Sector.Public },
        { "202100-5489", Sector.Public },
        { "802002-4280", Sector.NonProfit },
    };

    // Luhn as usually stated, over all ten digits from the right, independent of the implementation under test.
    private static bool PassesLuhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }
        return sum % 10 == 0;
    }

    [Theory]
    [MemberData(nameof(RealNumbers))]
    public void Real_organisation_numbers_pass_luhn_and_are_accepted(string number, Sector _)
    {
        var digits = number.Replace("-", "");
        Assert.True(PassesLuhn(digits));
        Assert.True(OrganisationNumber.HasValidCheckDigit(digits));
        Assert.Null(OrganisationNumber.Validate(number));
        Assert.Null(OrganisationNumber.Validate(digits));
    }

    [Theory]
    [MemberData(nameof(RealNumbers))]
    public void Every_other_check_digit_is_rejected(string number, Sector _)
    {
        var digits = number.Replace("-", "");
        for (var wrong = 0; wrong <= 9; wrong++)
        {
            if (wrong == digits[9] - '0') continue;
            var candidate = digits[..9] + wrong;
            Assert.False(PassesLuhn(candidate));
            Assert.Equal(OrganisationNumber.CheckDigitMessage, OrganisationNumber.Validate(candidate));
        }
    }

    [Theory]
    [MemberData(nameof(RealNumbers))]
    public void Default_sector_follows_the_first_digit(string number, Sector expected) =>
        Assert.Equal(expected, OrganisationNumber.DefaultSector(OrganisationNumber.Normalise(number)));

    [Fact]
    public void Without_a_number_the_default_sector_is_private() =>
        Assert.Equal(Sector.Private, OrganisationNumber.DefaultSector(null));

    [Theory]
    [InlineData("556036-0793", "5560360793")]
    [InlineData("5560360793", "5560360793")]
    [InlineData(" 212000-1355 ", "2120001355")]
    [InlineData("55603-60793", null)]
    [InlineData("556036-079", null)]
    [InlineData("556036 0793", null)]
    [InlineData("55603607930", null)]
    [InlineData("abcdef-ghij", null)]
    [InlineData("", null)]
    public void Normalise_accepts_ten_digits_with_or_without_the_hyphen(string input, string? expected) =>
        Assert.Equal(expected, OrganisationNumber.Normalise(input));

    [Theory]
    [InlineData("811228-9874")] // Skatteverket's example personal identity number (valid check digit)
    [InlineData("8112289874")]
    [InlineData("811228-9875")] // refused as personal even with a wrong check digit
    [InlineData("701063-2391")] // coordination number: day + 60
    [InlineData("19811228-9874")]
    [InlineData("198112289874")]
    public void Personal_identity_numbers_are_refused(string input) =>
        Assert.Equal(OrganisationNumber.PersonalNumberMessage, OrganisationNumber.Validate(input));

    [Theory]
    [InlineData("55603-60793")]
    [InlineData("org 556036")]
    [InlineData("")]
    public void Malformed_numbers_are_refused_with_the_expected_format(string input) =>
        Assert.Equal(OrganisationNumber.FormatMessage, OrganisationNumber.Validate(input));

    [Fact]
    public void An_absent_number_is_fine() => Assert.Null(OrganisationNumber.Validate(null));

    [Theory]
    [InlineData("5560360793", false)] // month digits 60
    [InlineData("2120001355", false)] // month digits 20
    [InlineData("8112289874", true)]
    [InlineData("8112009874", false)] // day 00
    [InlineData("8113019874", false)] // month 13
    [InlineData("8112329874", false)] // day 32
    [InlineData("8112619874", true)]  // coordination number
    [InlineData("8112929874", false)] // day 92
    public void Birth_date_shape_is_what_marks_a_personal_number(string digits, bool expected) =>
        Assert.Equal(expected, OrganisationNumber.LooksLikePersonalIdentityNumber(digits));
}
