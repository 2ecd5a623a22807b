// PostgreSQL Flexible Server and the app's database. Password authentication for the three logins the migrations
// expect (the administrator migrates; fixlify_app and fixlify_service get their passwords in the pipeline's
// migration step); TLS is required. The app's two connection strings are written to Key Vault.

param location string
param serverName string
param databaseName string
@allowed(['16', '17'])
param version string
param skuName string
@allowed(['Burstable', 'GeneralPurpose', 'MemoryOptimized'])
param skuTier string
@minValue(32)
param storageSizeGB int
@minValue(7)
@maxValue(35)
param backupRetentionDays int
param zoneRedundantHighAvailability bool
@description('Firewall rule 0.0.0.0: connections from Azure services (the Function App has no fixed outbound address without VNet integration).')
param allowAzureServices bool
param administratorLogin string
@secure()
param administratorLoginPassword string
@secure()
param appPassword string
@secure()
param servicePassword string
param keyVaultName string
param tags object

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: serverName
  location: location
  tags: tags
  sku: { name: skuName, tier: skuTier }
  properties: {
    version: version
    administratorLogin: administratorLogin
    administratorLoginPassword: administratorLoginPassword
    authConfig: { passwordAuth: 'Enabled', activeDirectoryAuth: 'Disabled' }
    storage: { storageSizeGB: storageSizeGB, autoGrow: 'Enabled' }
    backup: { backupRetentionDays: backupRetentionDays, geoRedundantBackup: 'Disabled' }
    highAvailability: { mode: zoneRedundantHighAvailability ? 'ZoneRedundant' : 'Disabled' }
    network: { publicNetworkAccess: 'Enabled' }
  }
}

// Configuration changes on one server must not run in parallel: each waits for the one before.
resource requireSecureTransport 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'require_secure_transport'
  properties: { value: 'on', source: 'user-override' }
}

resource minimumTls 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'ssl_min_protocol_version'
  properties: { value: 'TLSv1.2', source: 'user-override' }
  dependsOn: [requireSecureTransport]
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  name: databaseName
  properties: { charset: 'UTF8', collation: 'en_US.utf8' }
  dependsOn: [minimumTls]
}

resource azureServices 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = if (allowAzureServices) {
  parent: server
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' }
  dependsOn: [database]
}

var connection = 'Host=${server.properties.fullyQualifiedDomainName};Port=5432;Database=${database.name};SSL Mode=VerifyFull'

resource appConnectionString 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'postgres-app-connection-string'
  properties: {
    contentType: 'Npgsql connection string (fixlify_app, row-level security)'
    value: '${connection};Username=fixlify_app;Password=${appPassword}'
  }
}

resource serviceConnectionString 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'postgres-service-connection-string'
  properties: {
    contentType: 'Npgsql connection string (fixlify_service, crosses organizations)'
    value: '${connection};Username=fixlify_service;Password=${servicePassword}'
  }
}

output serverName string = server.name
output host string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name
output appConnectionStringSecretName string = appConnectionString.name
output serviceConnectionStringSecretName string = serviceConnectionString.name
