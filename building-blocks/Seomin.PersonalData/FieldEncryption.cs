using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;

namespace Seomin.PersonalData;

/// <summary>
/// EF Core field encryption. Mark properties with <c>IsEncrypted()</c> in the model and enable the cipher
/// on the context options with <c>UseFieldEncryption(cipher)</c>: the column then holds the
/// <see cref="IFieldCipher"/> envelope (text). A marked property on a context without
/// <c>UseFieldEncryption</c> fails on first use instead of storing plaintext.
/// </summary>
public static class FieldEncryption
{
    /// <summary>The model annotation on an encrypted property.</summary>
    public const string AnnotationName = "Seomin:Encrypted";

    /// <summary>Stores the string property as ciphertext. Equality queries on it cannot work: add a blind index.</summary>
    public static PropertyBuilder<string> IsEncrypted(this PropertyBuilder<string> property)
    {
        ArgumentNullException.ThrowIfNull(property);
        Encrypt(property, slot => new ValueConverter<string, string>(v => slot.Encrypt(v), v => slot.Decrypt(v)));
        return property;
    }

    /// <summary>Stores the RRN's 13 digits as ciphertext.</summary>
    public static PropertyBuilder<ResidentRegistrationNumber> IsEncrypted(this PropertyBuilder<ResidentRegistrationNumber> property)
    {
        ArgumentNullException.ThrowIfNull(property);
        Encrypt(property, slot => new ValueConverter<ResidentRegistrationNumber, string>(v => slot.Encrypt(v.Digits), v => ResidentRegistrationNumber.Parse(slot.Decrypt(v))));
        return property;
    }

    /// <inheritdoc cref="IsEncrypted(PropertyBuilder{ResidentRegistrationNumber})"/>
    public static PropertyBuilder<ResidentRegistrationNumber?> IsEncrypted(this PropertyBuilder<ResidentRegistrationNumber?> property)
    {
        ArgumentNullException.ThrowIfNull(property);
        Encrypt(property, slot => new ValueConverter<ResidentRegistrationNumber, string>(v => slot.Encrypt(v.Digits), v => ResidentRegistrationNumber.Parse(slot.Decrypt(v))));
        return property;
    }

    /// <summary>Gives the model's encrypted properties their cipher.</summary>
    public static DbContextOptionsBuilder UseFieldEncryption(this DbContextOptionsBuilder options, IFieldCipher cipher)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(cipher);
        ((IDbContextOptionsBuilderInfrastructure)options).AddOrUpdateExtension(new FieldEncryptionOptionsExtension(cipher));
        return options;
    }

    /// <inheritdoc cref="UseFieldEncryption(DbContextOptionsBuilder, IFieldCipher)"/>
    public static DbContextOptionsBuilder<TContext> UseFieldEncryption<TContext>(this DbContextOptionsBuilder<TContext> options, IFieldCipher cipher)
        where TContext : DbContext =>
        (DbContextOptionsBuilder<TContext>)UseFieldEncryption((DbContextOptionsBuilder)options, cipher);

    /// <summary>Resolves <see cref="IFieldCipher"/> from the application's services.</summary>
    public static DbContextOptionsBuilder UseFieldEncryption(this DbContextOptionsBuilder options, IServiceProvider services) =>
        options.UseFieldEncryption(services.GetRequiredService<IFieldCipher>());

    private static void Encrypt(PropertyBuilder property, Func<CipherSlot, ValueConverter> converter) =>
        property.HasAnnotation(AnnotationName, true).HasColumnType("text").HasConversion(converter(CipherSlot.For(property.Metadata)));

    /// <summary>Filled in when the model is finalised; empty means the context forgot UseFieldEncryption.</summary>
    internal sealed class CipherSlot
    {
        // Keyed by the property's metadata object, not stored as an annotation value: a custom object in
        // an annotation would break the migrations snapshot generator.
        private static readonly ConditionalWeakTable<IReadOnlyProperty, CipherSlot> Slots = [];

        public static CipherSlot For(IReadOnlyProperty property)
        {
            var slot = new CipherSlot();
            Slots.AddOrUpdate(property, slot);
            return slot;
        }

        public static CipherSlot? Find(IReadOnlyProperty property) => Slots.TryGetValue(property, out var slot) ? slot : null;

        public IFieldCipher? Cipher { get; set; }

        public string Encrypt(string value) => Required.Encrypt(value);

        public string Decrypt(string value) => Required.Decrypt(value);

        private IFieldCipher Required => Cipher ?? throw new InvalidOperationException(
            "A property is marked IsEncrypted() but the DbContext options lack UseFieldEncryption(...).");
    }

    private sealed class FieldEncryptionOptionsExtension(IFieldCipher cipher) : IDbContextOptionsExtension
    {
        public IFieldCipher Cipher { get; } = cipher;

        public DbContextOptionsExtensionInfo Info => new ExtensionInfo(this);

        public void ApplyServices(IServiceCollection services) =>
            services.AddScoped<IConventionSetPlugin>(_ => new ConventionPlugin(Cipher));

        public void Validate(IDbContextOptions options)
        {
        }

        private sealed class ExtensionInfo(FieldEncryptionOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
        {
            public override bool IsDatabaseProvider => false;

            public override string LogFragment => "FieldEncryption ";

            // One internal service provider (and so one cached model) per cipher instance.
            public override int GetServiceProviderHashCode() => RuntimeHelpers.GetHashCode(extension.Cipher);

            public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) =>
                other is ExtensionInfo info && ReferenceEquals(info.Extension is FieldEncryptionOptionsExtension e ? e.Cipher : null, extension.Cipher);

            public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) =>
                debugInfo["Seomin:FieldEncryption"] = GetServiceProviderHashCode().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private sealed class ConventionPlugin(IFieldCipher cipher) : IConventionSetPlugin
    {
        public ConventionSet ModifyConventions(ConventionSet conventionSet)
        {
            conventionSet.Add(new EncryptedPropertyConvention(cipher));
            return conventionSet;
        }
    }

    private sealed class EncryptedPropertyConvention(IFieldCipher cipher) : IModelFinalizingConvention
    {
        public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
        {
            foreach (var entityType in modelBuilder.Metadata.GetEntityTypes())
            {
                foreach (var property in entityType.GetDeclaredProperties())
                {
                    if (property.FindAnnotation(AnnotationName) is not null && CipherSlot.Find(property) is { } slot)
                    {
                        slot.Cipher = cipher;
                    }
                }
            }
        }
    }
}
