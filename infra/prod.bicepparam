// prod: room to scale, zone-redundant storage and database, purge-protected vault, longer log retention. The three
// PostgreSQL passwords come from environment variables (the pipeline maps its secret variables to them); compiling
// fails when one is missing.
using './main.bicep'

param environmentName = 'prod'
param planSku = 'EP2'
param alwaysReadyInstances = 1
param maximumElasticWorkerCount = 10
param storageSku = 'Standard_ZRS'
param serviceBusSku = 'Standard'
param postgresSkuName = 'Standard_D2ds_v5'
param postgresSkuTier = 'GeneralPurpose'
param postgresStorageSizeGB = 64
param postgresBackupRetentionDays = 35
param postgresZoneRedundantHighAvailability = true
param keyVaultPurgeProtection = true
param logRetentionDays = 90

param postgresAdministratorPassword = readEnvironmentVariable('POSTGRES_ADMIN_PASSWORD')
param postgresAppPassword = readEnvironmentVariable('POSTGRES_APP_PASSWORD')
param postgresServicePassword = readEnvironmentVariable('POSTGRES_SERVICE_PASSWORD')

param authIssuer = 'https://auth.fixlify.com'
param authAudience = 'fixlify-automation'
param authJwksUrl = ''
param smtpHost = 'smtp.sendgrid.net'
param smtpPort = 587
param smtpUsername = 'apikey'
param smtpTlsMode = 'StartTls'
param webPushSubject = 'mailto:automation@fixlify.com'

// The web app signs in at the same identity provider (authorization code + PKCE) as the public client below.
param webAuthority = 'https://auth.fixlify.com'
param webClientId = 'fixlify-web'
param webScope = 'openid profile'
