using MatchApi.Participants;

namespace MatchApi.Tests.Participants;

public sealed class PersonalIdentityNumbersTests
{
    [Theory]
    [InlineData("19900101-1234")]
    [InlineData("900101-1234")]
    [InlineData("9001011234")]
    [InlineData("199001011234")]
    [InlineData("900101+1234")] // the '+' of someone aged 100 or more
    [InlineData("19900101+1234")]
    [InlineData("20051231-0000")]
    [InlineData("18991231-1234")]
    [InlineData("000229-1234")] // 2000 was a leap year
    [InlineData("19960229-1234")]
    public void Personal_identity_numbers_are_found(string text) =>
        Assert.True(PersonalIdentityNumbers.ContainsOne(text));

    [Theory]
    [InlineData("900161-1234")] // samordningsnummer: day + 60
    [InlineData("19900191-1234")]
    [InlineData("9002881234")]
    public void Coordination_numbers_are_found(string text) =>
        Assert.True(PersonalIdentityNumbers.ContainsOne(text));

    [Theory]
    [InlineData("pnr 900101-1234")]
    [InlineData("IPS/19900101-1234/a")]
    [InlineData("Anna (9001011234)")]
    [InlineData("ref:199001011234")]
    [InlineData("IPS-2024-0042 900101-1234")]
    [InlineData("x900101-1234x")]
    public void Numbers_embedded_in_other_text_are_found(string text) =>
        Assert.True(PersonalIdentityNumbers.ContainsOne(text));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("IPS-2024-0042")]
    [InlineData("2024-0042")]
    [InlineData("KS 2023/118")]
    [InlineData("556123-4567")] // an organisation number: its "month" is 61
    [InlineData("901301-1234")] // month 13
    [InlineData("900132-1234")] // day 32
    [InlineData("900230-1234")] // 30 February
    [InlineData("19900229-1234")] // 1990 was not a leap year
    [InlineData("900192-1234")] // coordination day beyond 31
    [InlineData("900100-1234")] // day 0
    [InlineData("17900101-1234")] // no living person
    [InlineData("900101-123")] // too few digits
    [InlineData("900101--1234")]
    [InlineData("12345678901234")] // part of a longer number
    [InlineData("99001011234")] // eleven digits
    [InlineData("1990-01-01-1234")]
    public void Other_references_are_not_mistaken_for_one(string? text) =>
        Assert.False(PersonalIdentityNumbers.ContainsOne(text));
}
