// Service Bus namespace and the events queue the relay sends to and the scheduler drains. Local (SAS) auth is off:
// the app reaches it with its managed identity, allowed to send and receive on this queue only.

param location string
param namespaceName string
@allowed(['Standard', 'Premium'])
param skuName string
param queueName string
@description('How long Service Bus remembers a MessageId (the event id) to drop a second send of it, ISO 8601.')
param duplicateDetectionWindow string
@minValue(1)
param maxDeliveryCount int
param identityName string
param tags object

var serviceBusDataSender = '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
var serviceBusDataReceiver = '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: namespaceName
  location: location
  tags: tags
  sku: { name: skuName, tier: skuName }
  properties: {
    minimumTlsVersion: '1.2'
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource queue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = {
  parent: namespace
  name: queueName
  properties: {
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
    deadLetteringOnMessageExpiration: true
    maxDeliveryCount: maxDeliveryCount
    lockDuration: 'PT1M'
    defaultMessageTimeToLive: 'P14D'
    requiresSession: false
    enablePartitioning: false
    enableBatchedOperations: true
  }
}

resource sender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(queue.id, identity.id, serviceBusDataSender)
  scope: queue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', serviceBusDataSender)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource receiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(queue.id, identity.id, serviceBusDataReceiver)
  scope: queue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', serviceBusDataReceiver)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// serviceBusEndpoint reads https://<name>.servicebus.windows.net:443/ (in whichever cloud this is).
output fullyQualifiedNamespace string = replace(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':443/', '')
output queueName string = queue.name
