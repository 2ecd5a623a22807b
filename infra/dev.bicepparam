// dev: the smallest sizes that still keep the relay running. The three PostgreSQL passwords come from environment
// variables (the pipeline maps its secret variables to them); compiling fails when one is missing.
using './main.bicep'

param environmentName = 'dev'
param planSku = 'EP1'
param alwaysReadyInstances = 1
param maximumElasticWorkerCount = 3
param storageSku = 'Standard_LRS'
param serviceBusSku = 'Standard'
param postgresSkuName = 'Standard_B1ms'
param postgresSkuTier = 'Burstable'
param postgresBackupRetentionDays = 7
param postgresZoneRedundantHighAvailability = false
// dev vaults are thrown away and recreated: no purge protection, so a deleted one can be purged.
param keyVaultPurgeProtection = false
param logRetentionDays = 30

param postgresAdministratorPassword = readEnvironmentVariable('POSTGRES_ADMIN_PASSWORD')
param postgresAppPassword = readEnvironmentVariable('POSTGRES_APP_PASSWORD')
param postgresServicePassword = readEnvironmentVariable('POSTGRES_SERVICE_PASSWORD')

param authIssuer = 'https://auth.dev.fixlify.com'
param authAudience = 'fixlify-automation'
param authJwksUrl = ''
param smtpHost = 'smtp.sendgrid.net'
param smtpPort = 587
param smtpUsername = 'apikey'
param smtpTlsMode = 'StartTls'
param webPushSubject = 'mailto:automation-dev@fixlify.com'

// The web app signs in at the same identity provider (authorization code + PKCE) as the public client below.
param webAuthority = 'https://auth.dev.fixlify.com'
param webClientId = 'fixlify-web'
param webScope = 'openid profile'
