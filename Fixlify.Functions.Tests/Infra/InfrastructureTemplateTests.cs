using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using Fixlify.Tests.Fixtures;

namespace Fixlify.Tests.Infra;

/// <summary>
/// The compiled infrastructure (infra/main.bicep → ARM JSON): the security settings, the Service Bus queue's
/// delivery guarantees, the identity's role assignments and that no secret is a plain app setting.
/// </summary>
public sealed partial class InfrastructureTemplateTests
{
    /// <summary>The built-in roles the app's identity needs, and the type of resource each is granted on.</summary>
    static readonly Dictionary<string, (string Role, string Scope)> ExpectedRoles = new()
    {
        ["69a216fc-b8fb-44d8-bc22-1f3c2cd27a39"] = ("Azure Service Bus Data Sender", "Microsoft.ServiceBus/namespaces"),
        ["4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0"] = ("Azure Service Bus Data Receiver", "Microsoft.ServiceBus/namespaces"),
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = ("Storage Blob Data Owner", "Microsoft.Storage/storageAccounts"),
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = ("Storage Queue Data Contributor", "Microsoft.Storage/storageAccounts"),
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = ("Storage Table Data Contributor", "Microsoft.Storage/storageAccounts"),
        ["4633458b-17de-408a-b874-0445c86b69e6"] = ("Key Vault Secrets User", "Microsoft.KeyVault/vaults"),
    };

    /// <summary>Owner, Contributor, User Access Administrator, Role Based Access Control Administrator.</summary>
    static readonly string[] BroadRoles =
    [
        "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
        "b24988ac-6180-42a0-ab88-20f7382dd24c",
        "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
        "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
    ];

    /// <summary>Settings that hold a secret and must each be a Key Vault reference.</summary>
    static readonly string[] SecretSettings =
    [
        "Postgres__ConnectionString",
        "Postgres__ServiceConnectionString",
        "Auth__SigningKey",
        "Smtp__Password",
        "Telnyx__ApiKey",
        "WebPush__PrivateKey",
        "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
    ];

    /// <summary>The settings the app reads (docs/operations.md's tables: the host, channel, relay and scheduler settings).</summary>
    static readonly string[] AppReadsSettings =
    [
        "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "AzureWebJobsStorage__accountName", "Postgres__ConnectionString", "Postgres__ServiceConnectionString",
        "Auth__Issuer", "Auth__Audience", "Auth__SigningKey", "Auth__JwksUrl", "Auth__OrganizationClaim",
        "Durable__TaskHub", "Scheduler__Schedule", "Scheduler__RecoverySchedule", "Relay__Enabled",
        "ServiceBus__FullyQualifiedNamespace", "ServiceBus__QueueName",
        "Smtp__Host", "Smtp__Port", "Smtp__Username", "Smtp__Password", "Smtp__TlsMode",
        "Telnyx__ApiKey", "Telnyx__BaseUrl", "WebPush__PublicKey", "WebPush__PrivateKey", "WebPush__Subject",
        "Http__AllowLoopback", "Web__Authority", "Web__ClientId", "Web__Scope",
    ];

    /// <summary>Settings of the Azure SDK and Functions host conventions (identity binding), read by them, not by the app's code.</summary>
    static readonly string[] IdentityBindingSettings =
        ["AzureWebJobsStorage__accountName", "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId", "ServiceBus__credential", "ServiceBus__clientId"];

    static ArmTemplate Template => ArmTemplate.Main;

    [Fact]
    public void FunctionApp_Compiled_IsHttpsOnlyWithTls12AndNoFtp()
    {
        var site = Single("Microsoft.Web/sites");

        Assert.Contains("functionapp", site.GetString("kind"), StringComparison.Ordinal);
        Assert.True(site.Get("properties", "httpsOnly").GetBoolean());
        Assert.Equal("1.2", site.GetString("properties", "siteConfig", "minTlsVersion"));
        Assert.Equal("1.2", site.GetString("properties", "siteConfig", "scmMinTlsVersion"));
        Assert.Equal("Disabled", site.GetString("properties", "siteConfig", "ftpsState"));
        var ftp = Single("Microsoft.Web/sites/basicPublishingCredentialsPolicies");
        Assert.EndsWith("'ftp')]", ftp.Name, StringComparison.Ordinal);
        Assert.False(ftp.Get("properties", "allow").GetBoolean());
    }

    [Fact]
    public void FunctionAppPlan_Compiled_IsElasticPremiumWithAnInstanceAlwaysRunning()
    {
        var plan = Single("Microsoft.Web/serverfarms");
        var site = Single("Microsoft.Web/sites");

        Assert.Equal("ElasticPremium", plan.GetString("sku", "tier"));
        Assert.True(plan.Get("properties", "reserved").GetBoolean(), "the plan is not Linux (reserved)");
        Assert.All(Template.Parameters.GetProperty("planSku").GetProperty("allowedValues").EnumerateArray(),
            sku => Assert.StartsWith("EP", sku.GetString(), StringComparison.Ordinal));
        Assert.True(site.Get("properties", "siteConfig", "minimumElasticInstanceCount").GetInt32() >= 1);
        Assert.True(site.Parameter("alwaysReadyInstances").GetProperty("minValue").GetInt32() >= 1);
        foreach (var environment in new[] { "dev", "prod" })
        {
            var parameters = Template.ParametersFile(environment).GetProperty("parameters");
            Assert.StartsWith("EP", parameters.GetProperty("planSku").GetProperty("value").GetString(), StringComparison.Ordinal);
            Assert.True(parameters.GetProperty("alwaysReadyInstances").GetProperty("value").GetInt32() >= 1);
        }
    }

    [Fact]
    public void StorageAccount_Compiled_RequiresTls12AndHttpsAndRefusesPublicBlobs()
    {
        var storage = Single("Microsoft.Storage/storageAccounts");

        Assert.Equal("TLS1_2", storage.GetString("properties", "minimumTlsVersion"));
        Assert.True(storage.Get("properties", "supportsHttpsTrafficOnly").GetBoolean());
        Assert.False(storage.Get("properties", "allowBlobPublicAccess").GetBoolean());
    }

    [Fact]
    public void ServiceBusQueue_Compiled_DropsDuplicatesDeadLettersExpiredAndBoundsDeliveries()
    {
        var queue = Single("Microsoft.ServiceBus/namespaces/queues");

        Assert.True(queue.Get("properties", "requiresDuplicateDetection").GetBoolean());
        var window = XmlConvert.ToTimeSpan(queue.GetString("properties", "duplicateDetectionHistoryTimeWindow"));
        Assert.InRange(window, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
        Assert.True(queue.Get("properties", "deadLetteringOnMessageExpiration").GetBoolean());
        Assert.InRange(queue.Get("properties", "maxDeliveryCount").GetInt32(), 1, 100);
    }

    [Fact]
    public void ServiceBusNamespace_Compiled_IsStandardOrHigherWithTls12AndNoSasKeys()
    {
        var serviceBus = Single("Microsoft.ServiceBus/namespaces");

        Assert.Contains(serviceBus.GetString("sku", "name"), new[] { "Standard", "Premium" });
        Assert.All(serviceBus.Parameter("skuName").GetProperty("allowedValues").EnumerateArray(),
            sku => Assert.NotEqual("Basic", sku.GetString()));
        Assert.Equal("1.2", serviceBus.GetString("properties", "minimumTlsVersion"));
        Assert.True(serviceBus.Get("properties", "disableLocalAuth").GetBoolean());
    }

    [Fact]
    public void PostgreSql_Compiled_HasAFlexibleServerAndDatabaseRequiringTls()
    {
        Single("Microsoft.DBforPostgreSQL/flexibleServers");
        Single("Microsoft.DBforPostgreSQL/flexibleServers/databases");
        var configurations = Template.OfType("Microsoft.DBforPostgreSQL/flexibleServers/configurations");

        var secureTransport = Assert.Single(configurations, c => c.Name.Contains("'require_secure_transport'", StringComparison.Ordinal));
        Assert.Equal("on", secureTransport.GetString("properties", "value"), ignoreCase: true);
        var minimumTls = Assert.Single(configurations, c => c.Name.Contains("'ssl_min_protocol_version'", StringComparison.Ordinal));
        Assert.Contains(minimumTls.GetString("properties", "value"), new[] { "TLSv1.2", "TLSv1.3" });
    }

    [Fact]
    public void KeyVault_Compiled_AuthorizesWithRbacOnly()
    {
        var vault = Single("Microsoft.KeyVault/vaults");

        Assert.True(vault.Get("properties", "enableRbacAuthorization").GetBoolean());
        Assert.True(vault.Get("properties", "enableSoftDelete").GetBoolean());
        Assert.False(vault.Properties.TryGetProperty("accessPolicies", out var policies) && policies.GetArrayLength() > 0);
    }

    [Fact]
    public void RoleAssignments_Compiled_GrantTheManagedIdentityExactlyTheRolesItNeeds()
    {
        var assignments = Template.OfType("Microsoft.Authorization/roleAssignments");

        var granted = assignments.Select(a => (Assignment: a, Role: RoleDefinitionGuid(a))).ToList();
        Assert.Equal(ExpectedRoles.Keys.Order(StringComparer.Ordinal), granted.Select(g => g.Role).Order(StringComparer.Ordinal));
        foreach (var (assignment, role) in granted)
        {
            var principal = assignment.GetString("properties", "principalId");
            Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", principal, StringComparison.Ordinal);
            Assert.EndsWith(".principalId]", principal, StringComparison.Ordinal);
            Assert.Equal("ServicePrincipal", assignment.GetString("properties", "principalType"));
            Assert.Contains(ExpectedRoles[role].Scope, assignment.GetString("scope"), StringComparison.Ordinal);
        }

        var text = File.ReadAllText(Template.Path);
        Assert.All(BroadRoles, role => Assert.DoesNotContain(role, text, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void FunctionApp_Identity_IsTheOneUserAssignedIdentityAlsoUsedForKeyVault()
    {
        Single("Microsoft.ManagedIdentity/userAssignedIdentities");
        var site = Single("Microsoft.Web/sites");

        Assert.Equal("UserAssigned", site.GetString("identity", "type"));
        var identities = site.Get("identity", "userAssignedIdentities").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", Assert.Single(identities), StringComparison.Ordinal);
        Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", site.GetString("properties", "keyVaultReferenceIdentity"), StringComparison.Ordinal);
    }

    [Fact]
    public void ApplicationInsights_Compiled_SendsToALogAnalyticsWorkspace()
    {
        Single("Microsoft.OperationalInsights/workspaces");
        var insights = Single("Microsoft.Insights/components");

        Assert.Contains("Microsoft.OperationalInsights/workspaces", insights.GetString("properties", "WorkspaceResourceId"), StringComparison.Ordinal);
    }

    [Fact]
    public void AppSettings_HoldingSecrets_AreKeyVaultReferences()
    {
        var settings = AppSettings();

        Assert.All(SecretSettings, name =>
        {
            Assert.True(settings.ContainsKey(name), $"app setting {name} is missing");
            Assert.True(IsKeyVaultReference(settings[name]), $"{name} is not a Key Vault reference: {settings[name]}");
        });
        foreach (var (name, value) in settings)
        {
            if (SecretName().IsMatch(name) || Credential().IsMatch(value))
            {
                Assert.True(IsKeyVaultReference(value), $"app setting {name} holds a secret in plain: {value}");
            }
        }
    }

    [Fact]
    public void AppSettings_Compiled_ConnectWithTheIdentityAndNameEverySettingTheAppReads()
    {
        var settings = AppSettings();

        Assert.All(AppReadsSettings, name => Assert.True(settings.ContainsKey(name), $"app setting {name} is missing"));
        Assert.Equal("dotnet-isolated", settings["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.False(settings.ContainsKey("AzureWebJobsStorage"), "host storage must use the identity, not a connection string");
        Assert.Equal("false", settings["Http__AllowLoopback"]);
        // A setting the app does not read is a setting that does nothing: every Section__Key one is in the sample settings.
        var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestServices.RepositoryRoot, "local.settings.sample.json")))
            .RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        Assert.All(
            settings.Keys.Where(name => name.Contains("__", StringComparison.Ordinal) && !IdentityBindingSettings.Contains(name)),
            name => Assert.True(sample.Contains(name), $"app setting {name} is not a setting the app reads (local.settings.sample.json)"));
        // The running app never gets the login that owns the schema: the pipeline migrates.
        Assert.False(settings.ContainsKey("Postgres__MigrationConnectionString"));
    }

    /// <summary>The web app's files on a Static Web App whose /api is the Function App (linked backends need Standard).</summary>
    [Fact]
    public void StaticWebApp_Compiled_IsStandardWithTheFunctionAppLinkedAsItsApi()
    {
        var web = Single("Microsoft.Web/staticSites");
        var backend = Single("Microsoft.Web/staticSites/linkedBackends");

        Assert.Equal("Standard", web.GetString("sku", "name"));
        Assert.Equal("Disabled", web.GetString("properties", "stagingEnvironmentPolicy"));
        var linked = backend.Scope.InlineVariables(backend.GetString("properties", "backendResourceId"));
        Assert.Contains("resourceId('Microsoft.Web/sites', parameters('functionAppName'))", linked, StringComparison.Ordinal);
        Assert.Contains(Template.Root.GetProperty("outputs").EnumerateObject(), o => o.Name == "staticWebAppHostName");
        foreach (var environment in new[] { "dev", "prod" })
        {
            var parameters = Template.ParametersFile(environment).GetProperty("parameters");
            Assert.StartsWith("https://", parameters.GetProperty("webAuthority").GetProperty("value").GetString(), StringComparison.Ordinal);
            Assert.Equal(parameters.GetProperty("authIssuer").GetProperty("value").GetString(), parameters.GetProperty("webAuthority").GetProperty("value").GetString());
        }
    }

    /// <summary>Served by Static Web Apps as by the standalone host: client routes get index.html, /api and assets never do.</summary>
    [Fact]
    public void StaticWebAppConfig_FallsBackToTheAppOutsideApiAndAssets_AndCachesHashedAssets()
    {
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestServices.RepositoryRoot, "Fixlify.Web", "public", "staticwebapp.config.json"))).RootElement;

        var fallback = config.GetProperty("navigationFallback");
        Assert.Equal("/index.html", fallback.GetProperty("rewrite").GetString());
        var excluded = fallback.GetProperty("exclude").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("/api/*", excluded);
        Assert.Contains("/assets/*", excluded);
        var routes = config.GetProperty("routes").EnumerateArray().ToDictionary(r => r.GetProperty("route").GetString()!, r => r.GetProperty("headers").GetProperty("Cache-Control").GetString());
        Assert.Equal("public, max-age=31536000, immutable", routes["/assets/*"]);
        Assert.Equal("no-cache", routes["/index.html"]);
    }

    [Fact]
    public void ParametersFiles_EachEnvironment_SetOnlyDeclaredParametersAndEveryRequiredOne()
    {
        var declared = Template.Parameters.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        var required = declared.Where(p => !p.Value.TryGetProperty("defaultValue", out _)).Select(p => p.Key).ToList();

        foreach (var environment in new[] { "dev", "prod" })
        {
            var parameters = Template.ParametersFile(environment).GetProperty("parameters");
            var names = parameters.EnumerateObject().Select(p => p.Name).ToList();
            Assert.All(names, name => Assert.True(declared.ContainsKey(name), $"{environment} sets {name}, which main.bicep does not declare"));
            Assert.All(required, name => Assert.Contains(name, names));
            Assert.Equal(environment, parameters.GetProperty("environmentName").GetProperty("value").GetString());
        }
    }

    static ArmResource Single(string type)
    {
        var resources = Template.OfType(type);
        Assert.True(resources.Count == 1, $"expected one {type}, found {resources.Count}");
        return resources[0];
    }

    static string RoleDefinitionGuid(ArmResource assignment)
    {
        var expression = assignment.Scope.InlineVariables(assignment.GetString("properties", "roleDefinitionId"));
        var match = RoleGuid().Match(expression);
        Assert.True(match.Success, $"no role definition GUID in {expression}");
        return match.Value.ToLowerInvariant();
    }

    /// <summary>The site's app settings, from its siteConfig and from any sites/config 'appsettings' resource.</summary>
    static Dictionary<string, string> AppSettings()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var site = Single("Microsoft.Web/sites");
        if (site.Properties.TryGetProperty("siteConfig", out var siteConfig) && siteConfig.TryGetProperty("appSettings", out var list))
        {
            foreach (var setting in site.Scope.Resolve(list).EnumerateArray())
            {
                settings.Add(setting.GetProperty("name").GetString()!, site.Scope.Resolve(setting.GetProperty("value")).ToString());
            }
        }

        foreach (var config in Template.OfType("Microsoft.Web/sites/config").Where(c => c.Name.Contains("appsettings", StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var setting in config.Scope.Resolve(config.Properties).EnumerateObject())
            {
                settings.Add(setting.Name, config.Scope.Resolve(setting.Value).ToString());
            }
        }

        Assert.NotEmpty(settings);
        return settings;
    }

    /// <summary>A literal reference, or the <c>format</c> expression Bicep compiles an interpolated one to.</summary>
    static bool IsKeyVaultReference(string value) =>
        value.StartsWith("@Microsoft.KeyVault(SecretUri=", StringComparison.Ordinal)
        || value.StartsWith("[format('@Microsoft.KeyVault(SecretUri=", StringComparison.Ordinal);

    [GeneratedRegex("Password|ApiKey|SigningKey|PrivateKey|Secret|AccountKey", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();

    /// <summary>A credential inside a value: a connection string's password or key, or an ARM call that reads keys.</summary>
    [GeneratedRegex(@"Password\s*=|AccountKey\s*=|SharedAccessKey\s*=|listKeys\(|listConnectionStrings\(", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Credential();

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", RegexOptions.CultureInvariant)]
    private static partial Regex RoleGuid();
}
