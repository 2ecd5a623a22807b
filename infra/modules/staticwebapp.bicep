// The web app (Fixlify.Web/dist) on an Azure Static Web App, with the Function App linked as its API backend: the
// browser calls /api on the web app's own origin (no CORS) and Static Web Apps passes those requests to the Function
// App. Linked backends need the Standard plan. The files are deployed by the pipeline with the site's deployment token.

param location string
param staticWebAppName string
param functionAppName string
param functionAppLocation string
param tags object

resource functionApp 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource staticWebApp 'Microsoft.Web/staticSites@2024-04-01' = {
  name: staticWebAppName
  location: location
  tags: tags
  sku: { name: 'Standard', tier: 'Standard' }
  properties: {
    // Deployed from the pipeline (no repository link), configured by staticwebapp.config.json in the built files.
    provider: 'None'
    allowConfigFileUpdates: true
    stagingEnvironmentPolicy: 'Disabled'
    publicNetworkAccess: 'Enabled'
  }
}

resource backend 'Microsoft.Web/staticSites/linkedBackends@2024-04-01' = {
  parent: staticWebApp
  name: 'functionapp'
  properties: {
    backendResourceId: functionApp.id
    region: functionAppLocation
  }
}

output staticWebAppName string = staticWebApp.name
output defaultHostName string = staticWebApp.properties.defaultHostname
