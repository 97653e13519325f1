using FluentValidation;

namespace MatchApi.Common;

/// <summary>A WGS 84 position.</summary>
public sealed record GeoPoint(double Latitude, double Longitude)
{
    private const double EarthRadiusKm = 6371.0088;

    /// <summary>Straight-line (great-circle) distance in kilometres.</summary>
    public double DistanceKm(GeoPoint other)
    {
        var dLat = ToRadians(other.Latitude - Latitude);
        var dLon = ToRadians(other.Longitude - Longitude);
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
              + Math.Cos(ToRadians(Latitude)) * Math.Cos(ToRadians(other.Latitude)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    private static double ToRadians(double degrees) => degrees * Math.PI / 180;
}

/// <summary>A workplace position: within Sweden's bounding box.</summary>
public sealed class SwedishLocationValidator : AbstractValidator<GeoPoint>
{
    public SwedishLocationValidator()
    {
        RuleFor(x => x.Latitude).InclusiveBetween(55, 70);
        RuleFor(x => x.Longitude).InclusiveBetween(10, 25);
    }
}
