using Fixlify.Application;

namespace Fixlify.Tests.Application;

/// <summary>The outcomes' statistics against the published worked examples of their sources.</summary>
public sealed class OutcomeStatisticsTests
{
    [Fact]
    public void Wilson_NewcombesSingleProportionExample_MatchesThePublishedInterval()
    {
        // R. G. Newcombe, "Two-sided confidence intervals for the single proportion", Statistics in Medicine 17 (1998),
        // 857–872, Table I, 81/263, method 3 (Wilson score): 0.2553 to 0.3662.
        var (low, high) = OutcomeStatistics.Wilson(81, 263);

        Assert.Equal(0.2553, low, 4);
        Assert.Equal(0.3662, high, 4);
    }

    [Theory]
    // Newcombe (1998), "Interval estimation for the difference between independent proportions", Table II, method 10.
    [InlineData(56, 70, 48, 80, 0.2000, 0.0524, 0.3339)]
    [InlineData(9, 10, 3, 10, 0.6000, 0.1705, 0.8090)]
    [InlineData(5, 56, 0, 29, 0.0893, -0.0381, 0.1926)]
    public void ProportionDifference_NewcombesExamples_MatchThePublishedHybridScoreInterval(int x1, int n1, int x2, int n2, double d, double low, double high)
    {
        var interval = OutcomeStatistics.ProportionDifference(x1, n1, x2, n2);

        Assert.Equal(d, interval.Estimate, 4);
        Assert.Equal(low, interval.Low, 4);
        Assert.Equal(high, interval.High, 4);
    }

    [Fact]
    public void ProportionDifference_SameRates_IncludesZero_AndFarApart_ExcludesIt()
    {
        Assert.False(OutcomeStatistics.ProportionDifference(30, 100, 30, 100).ExcludesZero);
        Assert.True(OutcomeStatistics.ProportionDifference(80, 100, 40, 100).ExcludesZero);
    }

    [Fact]
    public void WelchDifference_TheTextbookExample_GivesItsIntervalAndExcludesZero()
    {
        // Welch's t-test worked example (two samples of 15, unequal variances): t = −2.46, ν = 24.99, p = 0.021 — so the
        // 95 % interval, −2.167 ± t(0.975, 24.99) · 0.8824, leaves zero out.
        double[] a = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4];
        double[] b = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4];
        var (meanA, varianceA) = OutcomeStatistics.MeanAndVariance(a);
        var (meanB, varianceB) = OutcomeStatistics.MeanAndVariance(b);

        var interval = OutcomeStatistics.WelchDifference(meanA, varianceA!.Value, a.Length, meanB, varianceB!.Value, b.Length)!;

        Assert.Equal(-2.1667, interval.Estimate, 4);
        Assert.Equal(-3.984, interval.Low, 2);
        Assert.Equal(-0.349, interval.High, 2);
        Assert.True(interval.ExcludesZero);
    }

    [Fact]
    public void WelchDifference_FewerThanTwoValues_IsNull()
    {
        Assert.Null(OutcomeStatistics.WelchDifference(1, 0, 1, 2, 1, 10));
    }

    [Fact]
    public void Median_EvenAndOddCounts_AsPercentileCont()
    {
        Assert.Equal(2.5, OutcomeStatistics.Median([4, 1, 3, 2]));
        Assert.Equal(3, OutcomeStatistics.Median([5, 3, 1]));
        Assert.Null(OutcomeStatistics.Median([]));
    }
}
