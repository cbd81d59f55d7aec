using System.Net.Sockets;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Seomin.Messaging;

/// <summary>
/// A consumer's failure that says nothing about the message: the service's own database unreachable or timing out
/// (Npgsql's transient errors, EF Core's execution strategy giving up, a socket or a timeout anywhere in the chain).
/// Such a message is retried for minutes (<see cref="MessagingOptions.TransientRetryIntervals"/>); any other failure
/// goes to the error queue after the quick retries.
/// </summary>
public static class TransientFailures
{
    public static bool IsTransient(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is NpgsqlException { IsTransient: true } or RetryLimitExceededException or TimeoutException or SocketException)
            {
                return true;
            }
        }

        return false;
    }
}
