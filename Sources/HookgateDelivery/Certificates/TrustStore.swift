import COpenSSL
import Foundation
import HookgateCore

/// The CAs a fetched PayPal certificate must chain to: the system store (OpenSSL's default
/// file and directory) plus, optionally, one extra PEM bundle (`HOOKGATE_CA_FILE`, for
/// private PKI and tests).
///
/// `@unchecked Sendable`: the `X509_STORE` is filled in `init` and only read afterwards;
/// OpenSSL locks the store internally for the lookups `X509_verify_cert` does, and each
/// verification has its own `X509_STORE_CTX`.
public final class TrustStore: @unchecked Sendable {
  public struct LoadError: Error, CustomStringConvertible {
    public let description: String
  }

  private let store: OpaquePointer

  /// - Parameter extraCAFile: a PEM file of additional trusted CAs; an unreadable or empty
  ///   file is an error, so a typo cannot silently leave the extra CA untrusted.
  public init(extraCAFile: String? = nil) throws(LoadError) {
    guard let store = X509_STORE_new() else {
      throw LoadError(description: "cannot create an X509 store")
    }
    guard X509_STORE_set_default_paths(store) == 1 else {
      ERR_clear_error()
      X509_STORE_free(store)
      throw LoadError(description: "cannot load the system CA store")
    }
    if let extraCAFile {
      guard X509_STORE_load_file(store, extraCAFile) == 1 else {
        ERR_clear_error()
        X509_STORE_free(store)
        throw LoadError(description: "cannot load CA certificates from \(extraCAFile)")
      }
    }
    self.store = store
  }

  deinit {
    X509_STORE_free(store)
  }

  /// Checks that `chain[0]` chains to a trusted CA through the other certificates and that
  /// every certificate on the path is valid at `now`.
  public func verify(chain: [Certificate], at now: Date) -> Result<Void, CertificateFailure> {
    guard let leaf = chain.first else { return .failure(.invalid("not a certificate")) }
    guard let context = X509_STORE_CTX_new() else {
      return .failure(.invalid("cannot check the certificate chain"))
    }
    defer { X509_STORE_CTX_free(context) }
    // The stack borrows the certificates' X509 pointers; OPENSSL_sk_free frees only the stack.
    guard let untrusted = OPENSSL_sk_new_null() else {
      return .failure(.invalid("cannot check the certificate chain"))
    }
    defer { OPENSSL_sk_free(untrusted) }

    let verified: Int32 = withExtendedLifetime(chain) {
      for certificate in chain.dropFirst() {
        OPENSSL_sk_push(untrusted, UnsafeRawPointer(certificate.unsafeX509))
      }
      guard X509_STORE_CTX_init(context, store, leaf.unsafeX509, untrusted) == 1 else {
        return -1
      }
      X509_STORE_CTX_set_time(context, 0, time_t(now.timeIntervalSince1970))
      return X509_verify_cert(context)
    }
    // A refused chain queues errors in libssl; they are an answer here, not a fault.
    defer { ERR_clear_error() }
    guard verified != 1 else { return .success(()) }
    guard verified == 0 else { return .failure(.invalid("cannot check the certificate chain")) }
    return .failure(.invalid(Self.describe(X509_STORE_CTX_get_error(context))))
  }

  private static func describe(_ code: Int32) -> String {
    switch code {
    case X509_V_ERR_CERT_HAS_EXPIRED: return "the certificate has expired"
    case X509_V_ERR_CERT_NOT_YET_VALID: return "the certificate is not yet valid"
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
      return "the certificate is self-signed"
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
      X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
      return "the certificate is not issued by a trusted CA"
    default:
      // libssl's fixed English description of its own error code, never remote text.
      return "the certificate chain does not verify: "
        + String(cString: X509_verify_cert_error_string(Int(code)))
    }
  }
}
