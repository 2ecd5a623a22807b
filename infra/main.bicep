// Fixlify Automation on Azure: one resource group per environment (dev, prod), deployed with
//   az deployment group create --resource-group <rg> --template-file infra/main.bicep --parameters infra/<env>.bicepparam
// docs/operations.md, "Deploy to Azure", walks through every step around it.

targetScope = 'resourceGroup'

@description('The environment: part of every name, and the parameters file (infra/<env>.bicepparam).')
@allowed(['dev', 'prod'])
param environmentName string

param location string = resourceGroup().location

@description('Short name (letters and digits) that starts every resource name; lower-cased.')
@minLength(3)
@maxLength(10)
param appName string = 'fixlify'

// Function App
@description('Elastic Premium plan size (EP1: 1 vCPU, 3.5 GB; EP2: 2 vCPU, 7 GB).')
@allowed(['EP1', 'EP2', 'EP3'])
param planSku string = 'EP1'

@description('Instances that are always running (at least one: the relay LISTENs on PostgreSQL).')
@minValue(1)
@maxValue(20)
param alwaysReadyInstances int = 1

@minValue(1)
@maxValue(100)
param maximumElasticWorkerCount int = 3

// Storage
@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_GZRS'])
param storageSku string = 'Standard_LRS'

// Service Bus
@allowed(['Standard', 'Premium'])
param serviceBusSku string = 'Standard'
param serviceBusQueueName string = 'automation-events'
@description('Window in which a second message with the same MessageId (event id) is dropped.')
param duplicateDetectionWindow string = 'PT10M'
@minValue(1)
param maxDeliveryCount int = 10

// PostgreSQL
@allowed(['16', '17'])
param postgresVersion string = '16'
param postgresSkuName string = 'Standard_B1ms'
@allowed(['Burstable', 'GeneralPurpose', 'MemoryOptimized'])
param postgresSkuTier string = 'Burstable'
@minValue(32)
param postgresStorageSizeGB int = 32
@minValue(7)
@maxValue(35)
param postgresBackupRetentionDays int = 7
param postgresZoneRedundantHighAvailability bool = false
param postgresAllowAzureServices bool = true
param databaseName string = 'fixlify'
param postgresAdministratorLogin string = 'fixlifyadmin'

@description('PostgreSQL administrator password (the migrating login). No ; or quotes: it goes into connection strings.')
@secure()
@minLength(16)
param postgresAdministratorPassword string

@description('Password of the fixlify_app login (set on the role by the pipeline after migrating).')
@secure()
@minLength(16)
param postgresAppPassword string

@description('Password of the fixlify_service login (set on the role by the pipeline after migrating).')
@secure()
@minLength(16)
param postgresServicePassword string

// Key Vault and monitoring
param keyVaultPurgeProtection bool = true
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30
@description('Action group the metric alerts notify (resource id); empty: they fire in the portal only.')
param alertActionGroupId string = ''
@description('Seconds the oldest event may wait in the outbox before the backlog alert fires.')
param alertOutboxBacklogSeconds int = 300
@description('Failed executions in 15 minutes that fire the failures alert.')
param alertFailedExecutionsPer15Minutes int = 20

// App settings (not secret; the secrets are Key Vault references)
param authIssuer string
param authAudience string = 'fixlify-automation'
@description('The identity provider\'s JWKS URL; empty to validate HS256 tokens with the signing key in Key Vault.')
param authJwksUrl string = ''
param authOrganizationClaim string = 'org_id'
param durableTaskHub string = 'fixlify'
@description('The scheduler tick (NCRONTAB with seconds).')
param schedulerSchedule string = '0 */1 * * * *'
param relayEnabled bool = true
param smtpHost string
param smtpPort int = 587
param smtpUsername string
param smtpTlsMode string = 'StartTls'
param telnyxBaseUrl string = 'https://api.telnyx.com'
param webPushSubject string

// Web app (Static Web App) and its sign-in
@description('Static Web Apps run in a few regions only; the Function App linked as its API stays in `location`.')
@allowed(['westeurope', 'eastus2', 'centralus', 'westus2', 'eastasia'])
param staticWebAppLocation string = 'westeurope'
@description('The OpenID Connect issuer the web app signs in with (it must issue the tokens Auth__Issuer/Auth__JwksUrl accept); empty: no sign-in page works.')
param webAuthority string = ''
@description('The web app\'s client id at that identity provider (a public client, PKCE).')
param webClientId string = ''
@description('Scopes the web app asks for; they must yield an access token for the API\'s audience.')
param webScope string = 'openid profile'

var app = toLower(appName)
var suffix = uniqueString(resourceGroup().id, app, environmentName)
var tags = {
  application: 'fixlify-automation'
  environment: environmentName
}
var names = {
  identity: 'id-${app}-${environmentName}'
  workspace: 'log-${app}-${environmentName}'
  applicationInsights: 'appi-${app}-${environmentName}'
  keyVault: 'kv-${app}-${environmentName}-${take(suffix, 5)}'
  storage: take('st${app}${environmentName}${suffix}', 24)
  contentShare: '${app}-${environmentName}-content'
  serviceBus: 'sb-${app}-${environmentName}-${suffix}'
  postgres: 'psql-${app}-${environmentName}-${suffix}'
  plan: 'plan-${app}-${environmentName}'
  functionApp: 'func-${app}-${environmentName}-${suffix}'
  staticWebApp: 'stapp-${app}-${environmentName}-${suffix}'
}

// Secrets set by hand in the vault (docs/operations.md, "Deploy to Azure", lists them); the deployment writes the others.
var secretNames = {
  authSigningKey: 'auth-signing-key'
  smtpPassword: 'smtp-password'
  telnyxApiKey: 'telnyx-api-key'
  webPushPublicKey: 'webpush-public-key'
  webPushPrivateKey: 'webpush-private-key'
}

// The app's one identity: Key Vault references, host storage, the task hub and Service Bus.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: names.identity
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    workspaceName: names.workspace
    applicationInsightsName: names.applicationInsights
    retentionInDays: logRetentionDays
    tags: tags
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    location: location
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    actionGroupId: alertActionGroupId
    outboxBacklogSeconds: alertOutboxBacklogSeconds
    failedExecutionsPer15Minutes: alertFailedExecutionsPer15Minutes
    tags: tags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    keyVaultName: names.keyVault
    identityName: identity.name
    purgeProtection: keyVaultPurgeProtection
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    storageAccountName: names.storage
    skuName: storageSku
    contentShareName: names.contentShare
    identityName: identity.name
    keyVaultName: keyVault.outputs.keyVaultName
    tags: tags
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  params: {
    location: location
    namespaceName: names.serviceBus
    skuName: serviceBusSku
    queueName: serviceBusQueueName
    duplicateDetectionWindow: duplicateDetectionWindow
    maxDeliveryCount: maxDeliveryCount
    identityName: identity.name
    tags: tags
  }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  params: {
    location: location
    serverName: names.postgres
    databaseName: databaseName
    version: postgresVersion
    skuName: postgresSkuName
    skuTier: postgresSkuTier
    storageSizeGB: postgresStorageSizeGB
    backupRetentionDays: postgresBackupRetentionDays
    zoneRedundantHighAvailability: postgresZoneRedundantHighAvailability
    allowAzureServices: postgresAllowAzureServices
    administratorLogin: postgresAdministratorLogin
    administratorLoginPassword: postgresAdministratorPassword
    appPassword: postgresAppPassword
    servicePassword: postgresServicePassword
    keyVaultName: keyVault.outputs.keyVaultName
    tags: tags
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    planName: names.plan
    functionAppName: names.functionApp
    planSku: planSku
    alwaysReadyInstances: alwaysReadyInstances
    maximumElasticWorkerCount: maximumElasticWorkerCount
    identityName: identity.name
    storageAccountName: storage.outputs.storageAccountName
    contentShareName: storage.outputs.contentShareName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultUri: keyVault.outputs.keyVaultUri
    secretNames: union(secretNames, {
      contentConnectionString: storage.outputs.contentConnectionStringSecretName
      postgresConnectionString: postgres.outputs.appConnectionStringSecretName
      postgresServiceConnectionString: postgres.outputs.serviceConnectionStringSecretName
    })
    settings: {
      authIssuer: authIssuer
      authAudience: authAudience
      authJwksUrl: authJwksUrl
      authOrganizationClaim: authOrganizationClaim
      durableTaskHub: durableTaskHub
      schedulerSchedule: schedulerSchedule
      relayEnabled: relayEnabled
      serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
      serviceBusQueueName: serviceBus.outputs.queueName
      smtpHost: smtpHost
      smtpPort: smtpPort
      smtpUsername: smtpUsername
      smtpTlsMode: smtpTlsMode
      telnyxBaseUrl: telnyxBaseUrl
      webPushSubject: webPushSubject
      webAuthority: webAuthority
      webClientId: webClientId
      webScope: webScope
    }
    tags: tags
  }
}

module staticWebApp 'modules/staticwebapp.bicep' = {
  name: 'staticwebapp'
  params: {
    location: staticWebAppLocation
    staticWebAppName: names.staticWebApp
    functionAppName: functionApp.outputs.functionAppName
    functionAppLocation: location
    tags: tags
  }
}

output functionAppName string = functionApp.outputs.functionAppName
output functionAppHostName string = functionApp.outputs.defaultHostName
output staticWebAppName string = staticWebApp.outputs.staticWebAppName
output staticWebAppHostName string = staticWebApp.outputs.defaultHostName
output keyVaultName string = keyVault.outputs.keyVaultName
output postgresServerName string = postgres.outputs.serverName
output postgresHost string = postgres.outputs.host
output postgresAdministratorLogin string = postgresAdministratorLogin
output databaseName string = postgres.outputs.databaseName
output serviceBusNamespace string = serviceBus.outputs.fullyQualifiedNamespace
output operatorSecretNames array = [
  secretNames.authSigningKey
  secretNames.smtpPassword
  secretNames.telnyxApiKey
  secretNames.webPushPublicKey
  secretNames.webPushPrivateKey
]
