using Dapper;
using Fixlify.Tests.Fixtures;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Fixlify.Tests.Web;

/// <summary>
/// Production sign-in: OpenID Connect authorization code + PKCE against the identity provider that issues the API's
/// tokens (a provider on 127.0.0.1 here); the API accepts its RS256 access token through <c>Auth__JwksUrl</c>.
/// </summary>
public sealed class OidcSignInTests(OidcSignInTests.OidcApp app) : IClassFixture<OidcSignInTests.OidcApp>
{
    public sealed class OidcApp : BrowserApp
    {
        public static readonly Guid Organization = Guid.Parse("5e1f0000-0000-4000-8000-00000000a11c");

        public FakeIdentityProvider Provider { get; private set; } = null!;

        protected override IEnumerable<string> Arguments() =>
        [
            .. base.Arguments(),
            $"--Auth:Issuer={Provider.Authority}",
            $"--Auth:JwksUrl={Provider.JwksUrl}",
            $"--Web:Authority={Provider.Authority}",
            "--Web:ClientId=fixlify-web",
            "--Web:Scope=openid profile",
        ];

        public override async Task InitializeAsync()
        {
            Provider = await FakeIdentityProvider.StartAsync(Audience, Organization, "olivia@sunrise.example");
            await base.InitializeAsync();
            await using var connection = await OpenAsync();
            await connection.ExecuteAsync(
                "INSERT INTO organizations (id, name, time_zone) VALUES (@Organization, 'Sunrise HVAC', 'America/Chicago')", new { Organization });
            await connection.ExecuteAsync(
                """
                INSERT INTO automation_workflows (organization_id, name, trigger_type, trigger_config, steps, is_active)
                VALUES (@Organization, 'Estimate follow-up', 'estimate_sent', '{}', '[]', false)
                """,
                new { Organization });
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await Provider.DisposeAsync();
        }
    }

    [Fact]
    public async Task SignIn_ThroughTheIdentityProvider_WithPkce_OpensTheRequestedScreen()
    {
        await using var web = await app.OpenPageAsync();
        var page = web.Page;

        await page.GotoAsync("/executions");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in\\?returnTo=%2Fexecutions$"));
        await web.AssertAccessibleAsync("sign-in (OpenID Connect)");
        await web.ScreenshotAsync("sign-in-oidc");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Fixlify" })).ToBeVisibleAsync();
        Assert.StartsWith(app.Provider.Authority + "/authorize?", page.Url, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", page.Url, StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Link, new() { Name = "Continue" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Executions", Level = 1 })).ToBeVisibleAsync();
        Assert.Equal(new Uri(app.BaseAddress, "executions").ToString(), page.Url);
        await Expect(page.GetByText("Sunrise HVAC · Owner · Times in Central Time")).ToBeVisibleAsync();
        Assert.Equal(1, app.Provider.VerifiedExchanges);
        await page.GetByRole(AriaRole.Link, new() { Name = "Automations" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Switch, new() { Name = "Active: Estimate follow-up" })).Not.ToBeCheckedAsync();
        web.AssertNoConsoleErrors();
    }
}
