using Fixlify.Channels;
using Fixlify.Data;
using Fixlify.Workflows;

namespace Fixlify.Application;

/// <summary>
/// Puts a number on the organization's SMS suppression list (<see cref="SmsSuppressionList"/>), read as E.164 in the
/// organization's <c>country_code</c>; the clients with that number are marked opted out.
/// </summary>
internal sealed class AddSmsSuppression(TenantDatabase database)
{
    /// <param name="AddedBy">Who adds it: the token's subject is kept in the entry's detail; the audit trail keeps a row.</param>
    /// <param name="Problems">What the handler found wrong with the rest of the body, reported with the phone's own problem.</param>
    internal sealed record Request(Guid OrganizationId, Actor AddedBy, string? Phone, string? Note, IReadOnlyList<FieldError> Problems);

    internal abstract record Result
    {
        /// <summary><see cref="New"/>: the number was not on the list before; <see cref="Clients"/>: how many were marked opted out.</summary>
        internal sealed record Added(SmsSuppression Entry, int Clients, bool New) : Result;

        internal sealed record Invalid(IReadOnlyList<FieldError> Errors) : Result;
    }

    public async Task<Result> ExecuteAsync(Request request, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>(request.Problems);
        await using var transaction = await database.BeginAsync(request.OrganizationId, cancellationToken);
        var region = await ClientPhoneLookup.RegionAsync(transaction, request.OrganizationId, cancellationToken);
        var number = RecipientAddress.NormalizePhone(request.Phone, region);
        if (number is null)
        {
            errors.Add(new FieldError("phone", string.IsNullOrWhiteSpace(request.Phone)
                ? "Required: the phone number not to text, e.g. +15550104567 or (555) 010-4567."
                : $"'{RecipientAddress.MaskPhone(request.Phone)}' is not a phone number (read as an international number, or a national one in {region})."));
        }

        if (errors.Count > 0)
        {
            return new Result.Invalid(errors);
        }

        var by = request.AddedBy.Subject;
        var detail = string.IsNullOrEmpty(request.Note) ? $"added by {by}" : $"added by {by}: {request.Note}";
        var change = await SmsSuppressionList.AddAsync(
            transaction, request.OrganizationId, number!, region, SmsSuppressionList.Api, detail, at: null, cancellationToken);
        if (change.Changed)
        {
            await AuditTrail.RecordAsync(
                transaction,
                request.OrganizationId,
                request.AddedBy,
                new AuditTrail.Change(AuditAction.SuppressionAdded, RecordId: change.Entry!.Id, SubjectName: RecipientAddress.MaskPhone(number)),
                cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new Result.Added(change.Entry!, change.Clients, change.Changed);
    }
}
