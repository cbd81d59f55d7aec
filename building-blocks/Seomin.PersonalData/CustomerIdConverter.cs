using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Seomin.PersonalData;

/// <summary>Stores a <see cref="CustomerId"/> as its text: <c>property.HasConversion(new CustomerIdConverter())</c>.</summary>
public sealed class CustomerIdConverter() : ValueConverter<CustomerId, string>(v => v.Value, v => new CustomerId(v));
