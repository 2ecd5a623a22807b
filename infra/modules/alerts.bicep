// Alerts on the app's OpenTelemetry metrics (docs/operations.md, "Metrics and alerts"): log search rules over the
// Application Insights resource's customMetrics, where the worker's Azure Monitor exporter sends the meter
// Fixlify.Automation. Two of the rules operations.md asks for; the others are set the same way.

param location string
param applicationInsightsName string
@description('Action group the alerts notify (its resource id); empty: they fire in the portal only.')
param actionGroupId string
@description('Seconds the oldest event may wait in the outbox before the backlog alert fires.')
param outboxBacklogSeconds int
@description('Failed executions in 15 minutes that fire the failures alert.')
param failedExecutionsPer15Minutes int
param tags object

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

var actions = {
  actionGroups: empty(actionGroupId) ? [] : [actionGroupId]
}

resource outboxBacklog 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'fixlify-outbox-backlog-${applicationInsightsName}'
  location: location
  tags: tags
  properties: {
    displayName: 'Fixlify: events wait in the outbox'
    description: 'fixlify.outbox.oldest_unrelayed_age above the threshold: the relay and the scheduler tick are not passing events on (see Recovery in docs/operations.md).'
    severity: 2
    enabled: true
    scopes: [applicationInsights.id]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "fixlify.outbox.oldest_unrelayed_age" | project timestamp, age = valueMax'
          timeAggregation: 'Maximum'
          metricMeasureColumn: 'age'
          operator: 'GreaterThan'
          threshold: outboxBacklogSeconds
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: actions
  }
}

resource failedExecutions 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'fixlify-failed-executions-${applicationInsightsName}'
  location: location
  tags: tags
  properties: {
    displayName: 'Fixlify: executions failing'
    description: 'fixlify.executions.ended with status failed above the threshold in 15 minutes: a provider, the database or a workflow is failing (read the executions\' errors).'
    severity: 2
    enabled: true
    scopes: [applicationInsights.id]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "fixlify.executions.ended" and tostring(customDimensions["fixlify.status"]) == "failed" | project timestamp, failed = valueSum'
          timeAggregation: 'Total'
          metricMeasureColumn: 'failed'
          operator: 'GreaterThan'
          threshold: failedExecutionsPer15Minutes
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: actions
  }
}

output alertNames array = [outboxBacklog.name, failedExecutions.name]
