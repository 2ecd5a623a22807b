// The Function App on an Elastic Premium plan: at least one instance always running, so the relay's LISTEN on
// PostgreSQL never sleeps (see docs/operations.md, "Why Elastic Premium, not Flex Consumption"). HTTPS only, TLS 1.2, no FTP, every secret a Key
// Vault reference resolved with the user-assigned identity, storage and Service Bus reached with that identity.

param location string
param planName string
param functionAppName string
@allowed(['EP1', 'EP2', 'EP3'])
param planSku string
@minValue(1)
@maxValue(20)
param alwaysReadyInstances int
@minValue(1)
@maxValue(100)
param maximumElasticWorkerCount int
param identityName string
param storageAccountName string
param contentShareName string
param applicationInsightsName string
param keyVaultUri string
param secretNames object
param settings object
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'elastic'
  sku: { name: planSku, tier: 'ElasticPremium' }
  properties: {
    reserved: true
    maximumElasticWorkerCount: maximumElasticWorkerCount
  }
}

// Versionless references: a secret set again in the vault is picked up without a deployment.
var keyVaultReference = {
  contentConnectionString: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.contentConnectionString}/)'
  postgresConnectionString: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.postgresConnectionString}/)'
  postgresServiceConnectionString: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.postgresServiceConnectionString}/)'
  authSigningKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.authSigningKey}/)'
  smtpPassword: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.smtpPassword}/)'
  telnyxApiKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.telnyxApiKey}/)'
  webPushPublicKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.webPushPublicKey}/)'
  webPushPrivateKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.webPushPrivateKey}/)'
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: functionAppName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    publicNetworkAccess: 'Enabled'
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'DOTNET-ISOLATED|10.0'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      minimumElasticInstanceCount: alwaysReadyInstances
      functionAppScaleLimit: maximumElasticWorkerCount
      healthCheckPath: '/api/health'
      appSettings: [
        // Functions host
        { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
        { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'dotnet-isolated' }
        { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsights.properties.ConnectionString }
        // Host storage and the Durable task hub, with the identity (no account key).
        { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identity.properties.clientId }
        // The plan's content share (Azure Files takes the account key only, so it comes from Key Vault). The
        // platform cannot check a Key Vault reference when it creates the app: the share is made by the template.
        { name: 'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING', value: keyVaultReference.contentConnectionString }
        { name: 'WEBSITE_CONTENTSHARE', value: contentShareName }
        { name: 'WEBSITE_SKIP_CONTENTSHARE_VALIDATION', value: '1' }
        // DefaultAzureCredential in the app picks the user-assigned identity by this id.
        { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
        // PostgreSQL (the migration login is not given to the running app: the pipeline migrates)
        { name: 'Postgres__ConnectionString', value: keyVaultReference.postgresConnectionString }
        { name: 'Postgres__ServiceConnectionString', value: keyVaultReference.postgresServiceConnectionString }
        // Authentication
        { name: 'Auth__Issuer', value: settings.authIssuer }
        { name: 'Auth__Audience', value: settings.authAudience }
        { name: 'Auth__SigningKey', value: keyVaultReference.authSigningKey }
        { name: 'Auth__JwksUrl', value: settings.authJwksUrl }
        { name: 'Auth__OrganizationClaim', value: settings.authOrganizationClaim }
        // Engine and triggers
        { name: 'Durable__TaskHub', value: settings.durableTaskHub }
        { name: 'Scheduler__Schedule', value: settings.schedulerSchedule }
        { name: 'Scheduler__RecoverySchedule', value: '*/15 * * * * *' }
        { name: 'Relay__Enabled', value: settings.relayEnabled ? 'true' : 'false' }
        { name: 'ServiceBus__FullyQualifiedNamespace', value: settings.serviceBusNamespace }
        { name: 'ServiceBus__QueueName', value: settings.serviceBusQueueName }
        { name: 'ServiceBus__credential', value: 'managedidentity' }
        { name: 'ServiceBus__clientId', value: identity.properties.clientId }
        // Channels
        { name: 'Smtp__Host', value: settings.smtpHost }
        { name: 'Smtp__Port', value: string(settings.smtpPort) }
        { name: 'Smtp__Username', value: settings.smtpUsername }
        { name: 'Smtp__Password', value: keyVaultReference.smtpPassword }
        { name: 'Smtp__TlsMode', value: settings.smtpTlsMode }
        { name: 'Telnyx__ApiKey', value: keyVaultReference.telnyxApiKey }
        { name: 'Telnyx__BaseUrl', value: settings.telnyxBaseUrl }
        // The VAPID public key is no secret, but it is made with the private one and kept beside it in the vault.
        { name: 'WebPush__PublicKey', value: keyVaultReference.webPushPublicKey }
        { name: 'WebPush__PrivateKey', value: keyVaultReference.webPushPrivateKey }
        { name: 'WebPush__Subject', value: settings.webPushSubject }
        { name: 'Http__AllowLoopback', value: 'false' }
        { name: 'Web__Authority', value: settings.webAuthority }
        { name: 'Web__ClientId', value: settings.webClientId }
        { name: 'Web__Scope', value: settings.webScope }
      ]
    }
  }
}

// No FTP and no basic-auth FTP credentials; deployments go through the SCM endpoint over HTTPS.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: { allow: false }
}

output functionAppName string = site.name
output defaultHostName string = site.properties.defaultHostName
