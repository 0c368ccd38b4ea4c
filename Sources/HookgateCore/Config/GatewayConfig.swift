import Foundation

/// The whole of a loaded `routes.yaml`: every `${VAR}` resolved, every duration, size and
/// rate parsed, every handler name a route uses known to exist.
///
/// Built by ``ConfigLoader``; immutable afterwards, so a reload swaps a whole value.
public struct GatewayConfig: Sendable, Equatable {
  public var version: Int
  public var defaults: Defaults
  /// Keyed by tenant name as it appears in `/webhooks/{tenant}/{source}`.
  public var tenants: [String: Tenant]
  /// Keyed by handler name.
  public var handlers: [String: Handler]
  /// In file order: the first route is evaluated first (order does not change fan-out).
  public var routes: [Route]

  public init(
    version: Int = 1, defaults: Defaults = Defaults(), tenants: [String: Tenant] = [:],
    handlers: [String: Handler] = [:], routes: [Route] = []
  ) {
    self.version = version
    self.defaults = defaults
    self.tenants = tenants
    self.handlers = handlers
    self.routes = routes
  }

  public func source(tenant: String, source: String) -> Source? {
    tenants[tenant]?.sources[source]
  }
}

public struct Defaults: Sendable, Equatable {
  public var dedupeWindow: Duration
  public var tolerance: Duration
  public var maxBody: Int
  public var delivery: DeliveryPolicy
  public var durability: Durability
  /// How long an event's attempt log is kept after its latest attempt.
  public var attemptLogTTL: Duration = .seconds(7 * 86_400)

  public init(
    dedupeWindow: Duration = .seconds(72 * 3600), tolerance: Duration = .seconds(300),
    maxBody: Int = 1 << 20, delivery: DeliveryPolicy = DeliveryPolicy(),
    durability: Durability = .local
  ) {
    self.dedupeWindow = dedupeWindow
    self.tolerance = tolerance
    self.maxBody = maxBody
    self.delivery = delivery
    self.durability = durability
  }
}

/// When an accept counts as durable, and so when the provider may get its 2xx.
public enum Durability: Sendable, Equatable {
  /// As soon as the primary Redis answered the accept script.
  case local
  /// After `WAIT replicas timeout` confirmed the write reached that many replicas.
  case replicated(replicas: Int, timeout: Duration)
}

public struct DeliveryPolicy: Sendable, Equatable {
  public var timeout: Duration
  public var retry: RetryPolicy
  /// How long a job may stay with a worker that stopped answering before another takes it.
  public var visibilityTimeout: Duration
  /// Jobs one handler may have in flight at once, per gateway instance.
  public var concurrency: Int
  /// Per instance; nil (`breaker: off`) disables it.
  public var breaker: BreakerPolicy?

  public init(
    timeout: Duration = .seconds(10), retry: RetryPolicy = RetryPolicy(),
    visibilityTimeout: Duration = .seconds(30), concurrency: Int = 16,
    breaker: BreakerPolicy? = BreakerPolicy()
  ) {
    self.timeout = timeout
    self.retry = retry
    self.visibilityTimeout = visibilityTimeout
    self.concurrency = concurrency
    self.breaker = breaker
  }
}

public struct Tenant: Sendable, Equatable {
  public var name: String
  public var sources: [String: Source]

  public init(name: String, sources: [String: Source]) {
    self.name = name
    self.sources = sources
  }
}

/// The providers hookgate can verify. An unknown `provider:` is a configuration error:
/// a gateway must never fall back to accepting unverified requests.
public enum ProviderKind: String, Sendable, Equatable, CaseIterable {
  case stripe
  case paypal
  case hmac
  case square
  case quickbooks
  case xero
  case standardWebhooks = "standard-webhooks"
  case github
  case shopify
}

public struct Source: Sendable, Equatable {
  public var tenant: String
  public var name: String
  public var provider: ProviderKind
  /// Active secrets in file order; empty values were dropped at load.
  public var secrets: [Secret]
  /// PayPal: the webhook id PayPal signs into every transmission.
  public var webhookID: String?
  /// PayPal: hosts (`host` or `host:port`) allowed in `PAYPAL-CERT-URL` besides PayPal's own.
  public var certHosts: [String] = []
  /// PayPal: a PEM certificate the operator trusts, used instead of fetching `PAYPAL-CERT-URL`.
  public var certFile: String? = nil
  /// Square: the notification URL signed together with the body; hmac: what `{url}` is.
  public var notificationURL: String?
  public var signature: SignatureFormat?
  /// hmac: what is signed (`signed_content:`); nil signs the body alone.
  public var signedContent: SignedContentTemplate? = nil
  /// hmac: the header with the signed unix time (`timestamp:`); nil: no time is checked.
  public var signatureTimestamp: SignatureTimestamp? = nil
  /// Where the provider event id is: a JSONPath into the body (`$.id`) or `header:NAME`.
  public var eventID: ValueLocator?
  public var eventType: ValueLocator?
  /// Normalized field name (`customer.phone`, `amount`, …) → where to read it.
  public var fields: [String: ValueLocator]
  /// `types:`: provider type → normalized type, consulted before the built-in table.
  public var types: [String: String] = [:]
  public var tolerance: Duration
  public var dedupeWindow: Duration
  public var maxBody: Int

  public init(
    tenant: String, name: String, provider: ProviderKind, secrets: [Secret] = [],
    webhookID: String? = nil, notificationURL: String? = nil,
    signature: SignatureFormat? = nil, eventID: ValueLocator? = nil,
    eventType: ValueLocator? = nil, fields: [String: ValueLocator] = [:],
    tolerance: Duration = .seconds(300), dedupeWindow: Duration = .seconds(72 * 3600),
    maxBody: Int = 1 << 20
  ) {
    self.tenant = tenant
    self.name = name
    self.provider = provider
    self.secrets = secrets
    self.webhookID = webhookID
    self.notificationURL = notificationURL
    self.signature = signature
    self.eventID = eventID
    self.eventType = eventType
    self.fields = fields
    self.tolerance = tolerance
    self.dedupeWindow = dedupeWindow
    self.maxBody = maxBody
  }
}

/// A signing secret. Its `description` never shows the value, so logging one is harmless.
public struct Secret: Sendable, Equatable, CustomStringConvertible {
  public var value: String
  /// After this instant the secret no longer verifies (rotation).
  public var expires: Date?

  public init(_ value: String, expires: Date? = nil) {
    self.value = value
    self.expires = expires
  }

  public var description: String { "Secret(redacted)" }
}

/// How a generic HMAC source carries its signature.
public struct SignatureFormat: Sendable, Equatable {
  public enum Encoding: String, Sendable, Equatable { case hex, base64 }

  public var header: String
  public var encoding: Encoding
  public var prefix: String

  public init(header: String, encoding: Encoding = .hex, prefix: String = "") {
    self.header = header
    self.encoding = encoding
    self.prefix = prefix
  }
}

/// `timestamp: {header, tolerance}` of a generic HMAC source.
public struct SignatureTimestamp: Sendable, Equatable {
  public var header: String
  /// Nil: the source's `tolerance`.
  public var tolerance: Duration?

  public init(header: String, tolerance: Duration? = nil) {
    self.header = header
    self.tolerance = tolerance
  }
}

/// Where a value comes from: a JSONPath into the body, or a request header.
public enum ValueLocator: Sendable, Equatable {
  case jsonPath(JSONPath)
  case header(String)
}

public struct Handler: Sendable, Equatable {
  public var name: String
  public var url: String
  public var secret: Secret
  /// Envelope field whose value orders deliveries (`data.reference`); nil: no ordering.
  public var orderBy: String?
  public var rateLimit: Rate?
  public var delivery: DeliveryPolicy

  public init(
    name: String, url: String, secret: Secret, orderBy: String? = nil, rateLimit: Rate? = nil,
    delivery: DeliveryPolicy = DeliveryPolicy()
  ) {
    self.name = name
    self.url = url
    self.secret = secret
    self.orderBy = orderBy
    self.rateLimit = rateLimit
    self.delivery = delivery
  }
}

/// `3/s`, `500/m`, `10000/h`.
public struct Rate: Sendable, Equatable {
  public var count: Int
  public var per: Duration

  public init(count: Int, per: Duration) {
    self.count = count
    self.per = per
  }
}

public struct Route: Sendable, Equatable {
  public var name: String
  public var match: RouteMatch
  /// Handler names, each known to exist in ``GatewayConfig/handlers``.
  public var to: [String]

  public init(name: String, match: RouteMatch, to: [String]) {
    self.name = name
    self.match = match
    self.to = to
  }
}

/// The conditions of one route; a nil or empty field matches anything.
public struct RouteMatch: Sendable, Equatable {
  public var types: [Glob]
  public var tenants: [String]
  public var sources: [String]
  public var providers: [String]
  /// `where:`: every condition must hold.
  public var `where`: [FieldCondition]
  /// `any:`: alternatives (each a `where`-style list) of which at least one must hold;
  /// empty: no alternatives to satisfy.
  public var any: [[FieldCondition]]

  public init(
    types: [Glob] = [], tenants: [String] = [], sources: [String] = [], providers: [String] = [],
    where conditions: [FieldCondition] = [], any alternatives: [[FieldCondition]] = []
  ) {
    self.types = types
    self.tenants = tenants
    self.sources = sources
    self.providers = providers
    self.where = conditions
    self.any = alternatives
  }
}
