/**
 * Postmark's webhook payloads and Message Streams answers as its documentation shows them (recorded examples: the
 * spec has neither). Each is written down with the page it comes from; the events are what Postmark documents for
 * each webhook, with the placeholder values of its examples.
 */

/** https://postmarkapp.com/developer/webhooks/delivery-webhook */
export const delivery = {
  RecordType: "Delivery",
  ServerID: 23,
  MessageStream: "outbound",
  MessageID: "00000000-0000-0000-0000-000000000000",
  Recipient: "john@example.com",
  Tag: "welcome-email",
  DeliveredAt: "2019-11-05T16:33:54.9070259Z",
  Details: "Test delivery webhook details",
  Metadata: { a_key: "a_value", b_key: "b_value" }
}

/** https://postmarkapp.com/developer/webhooks/bounce-webhook */
export const bounce = {
  RecordType: "Bounce",
  MessageStream: "outbound",
  ID: 4323372036854775807,
  Type: "HardBounce",
  TypeCode: 1,
  Name: "Hard bounce",
  Tag: "Test",
  MessageID: "883953f4-6105-42a2-a16a-77a8eac79483",
  Metadata: { a_key: "a_value", b_key: "b_value" },
  ServerID: 23,
  Description: "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
  Details: "Test bounce details",
  Email: "john@example.com",
  From: "sender@example.com",
  BouncedAt: "2019-11-05T16:33:54.9070259Z",
  DumpAvailable: true,
  Inactive: true,
  CanActivate: true,
  Subject: "Test subject",
  Content: "<Full dump of bounce>"
}

/** https://postmarkapp.com/developer/webhooks/spam-complaint-webhook */
export const spamComplaint = {
  ...bounce,
  RecordType: "SpamComplaint",
  ID: 42,
  Type: "SpamComplaint",
  TypeCode: 512,
  Name: "Spam complaint",
  Description: "The subscriber explicitly marked this message as spam.",
  Details: "Test spam complaint details",
  DumpAvailable: true,
  Content: "<Abuse report dump>"
}

const client = { Name: "Chrome 35.0.1916.153", Company: "Google", Family: "Chrome" }
const os = { Name: "OS X 10.7 Lion", Company: "Apple Computer, Inc.", Family: "OS X 10" }
const geo = {
  CountryISOCode: "RS",
  Country: "Serbia",
  RegionISOCode: "VO",
  Region: "Autonomna Pokrajina Vojvodina",
  City: "Novi Sad",
  Zip: "21000",
  Coords: "45.2517,19.8369",
  IP: "188.2.95.4"
}

/** https://postmarkapp.com/developer/webhooks/open-tracking-webhook */
export const open = {
  RecordType: "Open",
  MessageStream: "outbound",
  Metadata: { example: "value", example_2: "value" },
  FirstOpen: true,
  Client: client,
  OS: os,
  Platform: "WebMail",
  UserAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_7_5) AppleWebKit/537.36",
  ReadSeconds: 5,
  Geo: geo,
  MessageID: "00000000-0000-0000-0000-000000000000",
  ReceivedAt: "2019-11-05T16:33:54.9070259Z",
  Tag: "welcome-email",
  Recipient: "john@example.com"
}

/** https://postmarkapp.com/developer/webhooks/click-webhook */
export const click = {
  RecordType: "Click",
  MessageStream: "outbound",
  ClickLocation: "HTML",
  Client: client,
  OS: os,
  Platform: "Desktop",
  UserAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_7_5) AppleWebKit/537.36",
  OriginalLink: "https://example.com",
  Geo: geo,
  MessageID: "00000000-0000-0000-0000-000000000000",
  ReceivedAt: "2019-11-05T16:33:54.9070259Z",
  Metadata: { a_key: "a_value", b_key: "b_value" },
  Tag: "welcome-email",
  Recipient: "john@example.com"
}

/** https://postmarkapp.com/developer/webhooks/subscription-change-webhook */
export const subscriptionChange = {
  RecordType: "SubscriptionChange",
  MessageID: "00000000-0000-0000-0000-000000000000",
  ServerID: 23,
  MessageStream: "outbound",
  ChangedAt: "2020-02-01T10:53:34.416071Z",
  Recipient: "bounced-address@wildbit.com",
  Origin: "Recipient",
  SuppressSending: true,
  SuppressionReason: "HardBounce",
  Tag: "my-tag",
  Metadata: { example: "value", example_2: "value" }
}

/** https://postmarkapp.com/developer/api/message-streams-api ("Get a message stream", example response). */
export const messageStream = {
  ID: "broadcasts",
  ServerID: 123456,
  Name: "Broadcast Stream",
  Description: "This is my stream to send broadcast messages",
  MessageStreamType: "Broadcasts",
  CreatedAt: "2020-07-01T00:00:00-04:00",
  UpdatedAt: "2020-07-02T00:00:00-04:00",
  ArchivedAt: null,
  ExpectedPurgeDate: null,
  SubscriptionManagementConfiguration: { UnsubscribeHandlingType: "Postmark" }
}

/** https://postmarkapp.com/developer/api/message-streams-api ("Archive a message stream", example response). */
export const archived = { ID: "transactional-dev", ServerID: 123457, ExpectedPurgeDate: "2020-08-30T12:30:00.00-04:00" }
