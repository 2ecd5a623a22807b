using MathNet.Numerics.Distributions;

namespace Fixlify.Application;

/// <summary>A difference between the treated and the held-out group with its 95 % confidence interval (treated minus held out).</summary>
internal sealed record DifferenceInterval(double Estimate, double Low, double High)
{
    /// <summary>Whether the interval leaves zero out: the data show a difference at the 95 % level.</summary>
    public bool ExcludesZero => Low > 0 || High < 0;

    /// <summary>Half the interval's width, for "± 3".</summary>
    public double HalfWidth => (High - Low) / 2;
}

/// <summary>
/// The statistics of the outcomes' comparison, as pure functions.
/// <list type="bullet">
/// <item>Rates: the difference of two independent proportions with Newcombe's hybrid score interval (method 10 of
/// R. G. Newcombe, "Interval estimation for the difference between independent proportions: comparison of eleven
/// methods", Statistics in Medicine 17 (1998) 873–890), built from the Wilson score interval of each proportion
/// (E. B. Wilson, "Probable inference, the law of succession, and statistical inference", JASA 22 (1927) 209–212). Unlike
/// the Wald interval it stays inside [−1, 1] and keeps its coverage near 0 and 1 and in small groups.</item>
/// <item>Means (value per record, days to the goal): Welch's unequal-variances t interval with the Welch–Satterthwaite
/// degrees of freedom (B. L. Welch, "The generalization of 'Student's' problem when several different population variances
/// are involved", Biometrika 34 (1947) 28–35); the t quantile from Math.NET Numerics.</item>
/// </list>
/// </summary>
internal static class OutcomeStatistics
{
    /// <summary>Fewer records than this in either group: "not enough data yet", no interval.</summary>
    public const int MinimumPerGroup = 30;

    /// <summary>Fewer records than this that reached the goal in either group: no interval for the days to it.</summary>
    public const int MinimumReachedPerGroup = 10;

    /// <summary>The two-sided 95 % normal quantile, 1.959964….</summary>
    public static readonly double Z95 = Normal.InvCDF(0, 1, 0.975);

    /// <summary>Wilson's score interval for <paramref name="successes"/> of <paramref name="trials"/> at 95 %.</summary>
    public static (double Low, double High) Wilson(int successes, int trials)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(trials);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        var p = (double)successes / trials;
        var z2 = Z95 * Z95;
        var denominator = 1 + (z2 / trials);
        var centre = (p + (z2 / (2 * trials))) / denominator;
        var half = Z95 / denominator * Math.Sqrt((p * (1 - p) / trials) + (z2 / (4.0 * trials * trials)));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>
    /// p₁ − p₂ for <paramref name="x1"/>/<paramref name="n1"/> and <paramref name="x2"/>/<paramref name="n2"/>, with Newcombe's
    /// hybrid score interval: L = d − √((p₁ − l₁)² + (u₂ − p₂)²), U = d + √((u₁ − p₁)² + (p₂ − l₂)²), where (lᵢ, uᵢ) are the
    /// Wilson intervals.
    /// </summary>
    public static DifferenceInterval ProportionDifference(int x1, int n1, int x2, int n2)
    {
        var (p1, p2) = ((double)x1 / n1, (double)x2 / n2);
        var (l1, u1) = Wilson(x1, n1);
        var (l2, u2) = Wilson(x2, n2);
        var d = p1 - p2;
        return new DifferenceInterval(d, d - Math.Sqrt(Square(p1 - l1) + Square(u2 - p2)), d + Math.Sqrt(Square(u1 - p1) + Square(p2 - l2)));
    }

    /// <summary>
    /// mean₁ − mean₂ with Welch's 95 % interval: ± t(0.975, ν) · √(s₁²/n₁ + s₂²/n₂), ν = (s₁²/n₁ + s₂²/n₂)² /
    /// ((s₁²/n₁)²/(n₁ − 1) + (s₂²/n₂)²/(n₂ − 1)). Null when a group has fewer than two values. Both variances zero: the
    /// interval is the point.
    /// </summary>
    public static DifferenceInterval? WelchDifference(double mean1, double variance1, int n1, double mean2, double variance2, int n2)
    {
        if (n1 < 2 || n2 < 2)
        {
            return null;
        }

        var (a, b) = (variance1 / n1, variance2 / n2);
        var d = mean1 - mean2;
        if (a + b <= 0)
        {
            return new DifferenceInterval(d, d, d);
        }

        var freedom = Square(a + b) / ((Square(a) / (n1 - 1)) + (Square(b) / (n2 - 1)));
        var half = StudentT.InvCDF(0, 1, freedom, 0.975) * Math.Sqrt(a + b);
        return new DifferenceInterval(d, d - half, d + half);
    }

    /// <summary>The sample's mean and unbiased variance (n − 1); null variance below two values.</summary>
    public static (double Mean, double? Variance) MeanAndVariance(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return (double.NaN, null);
        }

        var mean = values.Average();
        return (mean, values.Count < 2 ? null : values.Sum(v => Square(v - mean)) / (values.Count - 1));
    }

    /// <summary>The median (the mean of the middle two for an even count), as PostgreSQL's percentile_cont(0.5); null for none.</summary>
    public static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? null : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    static double Square(double x) => x * x;
}
