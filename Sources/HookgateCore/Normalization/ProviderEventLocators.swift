/// Where each provider puts its event id and type when the source does not say
/// (`event_id:` / `event_type:` in routes.yaml override these).
public enum ProviderEventLocators {
  /// Tried in order; the first that yields a value is the event id. Lists carry a
  /// provider's alternative header names (Svix's `svix-id`, Shopify's older event id).
  public static func eventID(for provider: ProviderKind) -> [ValueLocator] {
    switch provider {
    case .square: return [path("event_id")]
    case .standardWebhooks: return [.header("webhook-id"), .header("svix-id")]
    case .github: return [.header("X-GitHub-Delivery")]
    case .shopify: return [.header("X-Shopify-Webhook-Id"), .header("X-Shopify-Event-Id")]
    default: return [path("id")]
    }
  }

  public static func eventType(for provider: ProviderKind) -> ValueLocator {
    switch provider {
    case .github: return .header("X-GitHub-Event")
    case .shopify: return .header("X-Shopify-Topic")
    default: return path("type")
    }
  }

  private static func path(_ member: String) -> ValueLocator {
    .jsonPath(JSONPath(steps: [.key(member)], description: "$.\(member)"))
  }
}
