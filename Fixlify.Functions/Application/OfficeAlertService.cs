using Fixlify.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fixlify.Application;

/// <summary>
/// Runs <see cref="OfficeAlertSender"/> when woken (a failure, an outage, a send in doubt in this process) and at least
/// every <see cref="AlertsOptions.PollInterval"/>, so the office hears within seconds of a failure on any host.
/// </summary>
internal sealed class OfficeAlertService(OfficeAlertSender sender, OfficeAlertSignal signal, IOptions<AlertsOptions> options, ILogger<OfficeAlertService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await sender.RunAsync(stoppingToken);
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database is away (a restart): try again after the interval.
                Log.AlertsFailed(logger, e.Message);
                try
                {
                    await Task.Delay(options.Value.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
