using System.Diagnostics;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Fixlify.Tests.Fixtures;

/// <summary>
/// The standalone host serving the built web app (<c>Fixlify.Web/dist</c>), and one headless Debian Chromium for the
/// test class (never a downloaded browser). Each test opens its own page in a fresh context.
/// </summary>
public class BrowserApp : StandaloneApp
{
    /// <summary>Debian's chromium (FIXLIFY_CHROMIUM names another Chromium-based browser, e.g. on a CI agent that is not root).</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("FIXLIFY_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    IPlaywright? _playwright;
    IBrowser? _browser;

    public static string WebDist => Path.Combine(TestServices.RepositoryRoot, "Fixlify.Web", "dist");

    /// <summary>Where the screenshots of every screen are kept (under the test output).</summary>
    public static string Screenshots => Path.Combine(AppContext.BaseDirectory, "screenshots");

    protected override IEnumerable<string> Arguments() => [.. base.Arguments(), $"--Standalone:WebRoot={WebDist}"];

    public override async Task InitializeAsync()
    {
        EnsureWebAppAndBrowser();
        await base.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A new page (own cookies and storage) whose console errors and uncaught exceptions are collected.</summary>
    public async Task<WebPage> OpenPageAsync(int width = 1280, int height = 900)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            BaseURL = BaseAddress.ToString(),
            TimezoneId = "Europe/Berlin", // not the organization's zone: times must still show in the organization's
        });
        context.SetDefaultTimeout(15_000);
        return new WebPage(await context.NewPageAsync());
    }

    public override async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary><c>make test</c> builds the app and installs chromium first; <c>dotnet test</c> alone does it here.</summary>
    static void EnsureWebAppAndBrowser()
    {
        foreach (var (done, step) in new[] { (File.Exists(Path.Combine(WebDist, "index.html")), "build"), (File.Exists(ChromiumPath), "chromium") })
        {
            if (done)
            {
                continue;
            }

            using var script = Process.Start(new ProcessStartInfo("bash", [Path.Combine(TestServices.RepositoryRoot, "scripts", "web.sh"), step]) { UseShellExecute = false })!;
            script.WaitForExit();
            if (script.ExitCode != 0)
            {
                throw new InvalidOperationException($"scripts/web.sh {step} failed (exit {script.ExitCode}): the browser tests need the built web app and {ChromiumPath}.");
            }
        }
    }
}

/// <summary>A browser page with what went wrong in it: console errors and uncaught exceptions.</summary>
public sealed class WebPage : IAsyncDisposable
{
    readonly List<string> _errors = [];

    public WebPage(IPage page)
    {
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_errors)
                {
                    _errors.Add($"{message.Text} ({message.Location})");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add("uncaught: " + error);
            }
        };
    }

    public IPage Page { get; }

    public IReadOnlyList<string> ConsoleErrors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Opens <paramref name="path"/> with a sign-in link (the token in the fragment, as <c>make run</c> prints it).</summary>
    public Task<IResponse?> SignInAsync(string token, string path = "/") => Page.GotoAsync($"{path}#token={token}");

    /// <summary>Runs axe on the screen: no serious or critical violation (each is named with its elements).</summary>
    public async Task AssertAccessibleAsync(string screen)
    {
        var result = await Page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"{screen}: axe found " + string.Join("; ", bad.Select(Describe)));
    }

    static string Describe(AxeResultItem violation) =>
        $"{violation.Id} ({violation.Impact}): {violation.Help} at {string.Join(", ", violation.Nodes.Take(3).Select(n => n.Target?.ToString()))}";

    /// <summary>Keeps a screenshot of the whole page under the test output (screenshots/&lt;name&gt;.png).</summary>
    public async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(BrowserApp.Screenshots);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.Screenshots, name + ".png"), FullPage = true });
    }

    /// <summary>No console error other than those <paramref name="expected"/> allows (e.g. a refused request the test caused).</summary>
    public void AssertNoConsoleErrors(Func<string, bool>? expected = null)
    {
        var unexpected = ConsoleErrors.Where(e => expected is null || !expected(e)).ToList();
        Assert.True(unexpected.Count == 0, "console errors: " + string.Join(" | ", unexpected));
    }

    public async ValueTask DisposeAsync() => await Page.Context.CloseAsync();
}
