#!/usr/bin/env ruby
# frozen_string_literal: true

# Conformance adapter for fog-aliyun (Debian package ruby-fog-aliyun), speaking
# conformance/PROTOCOL.md version 1 over stdin/stdout. Logs go to stderr only.
#
# The implementation under test is Fog::Compute::Aliyun::Real#sign(accessKeySecret, parameters)
# (fog/aliyun/compute.rb): it sorts the parameter Hash, percent-encodes every name and value
# with URI.encode(s, <its own unsafe set>), builds the string to sign "GET&%2F&" + encoded
# query, HMAC-SHA1s it with secret + "&", and returns the Base64 signature percent-encoded
# for a URL. It is called unchanged; the adapter only observes it:
#
#   * URI.encode was removed in Ruby 3.0 and fog-aliyun 0.3.2 still calls it. The adapter
#     restores it with Ruby 2.7's definition (lib/uri/common.rb in 2.7: `def escape(*arg)
#     warn "URI.escape is obsolete", uplevel: 1; DEFAULT_PARSER.escape(*arg) end; alias
#     encode escape`), i.e. URI::DEFAULT_PARSER.escape, which in Ruby 3.1 is still the
#     RFC2396_Parser#escape of 2.7 (only the deprecation warning is left out). The restored
#     method also records its argument and result while #sign runs, so the adapter can
#     report the stages #sign computes but does not return: the canonical query (the
#     argument of its URI.encode call on the joined query) and the encoding of single
#     values (the `encode` operation is run as #sign on {"a" => text} and reports the result
#     of the URI.encode call on the value).
#   * OpenSSL::HMAC.digest is wrapped (prepend) to record the string to sign it receives.
#   * The signature stage is #sign's return value with its URL-encoding undone
#     (URI::DEFAULT_PARSER.unescape); it is checked against the Base64 text #sign passed to
#     its last URI.encode call.
#
# Clock and nonce: #sign reads neither (fog-aliyun's request methods take them from
# Time.new/randonStr and put them into the Hash); the adapter puts the case's Timestamp text
# and SignatureNonce into the Hash, so nothing needs pinning. Nothing touches the network:
# the instance is made with `allocate` (Real#initialize would build Excon connections) and
# #sign uses no instance state.
#
# What fog-aliyun cannot express is answered `skipped`: it signs GET only (the method is a
# literal in #sign), takes a Hash (so no duplicate names), has no STS security-token option.
# Ruby strings cannot hold a lone UTF-16 surrogate, so utf16-text is not declared.

require 'json'
require 'uri'
require 'openssl'

$stdin.set_encoding(Encoding::UTF_8)
$stdout.set_encoding(Encoding::UTF_8)
$stdout.sync = true

module URI
  # Ruby 2.7's URI.encode (alias of URI.escape), restored; see above.
  module ConformanceRecorder
    class << self
      attr_accessor :calls
    end
  end

  def self.encode(*arg)
    result = DEFAULT_PARSER.escape(*arg)
    ConformanceRecorder.calls&.push([arg[0].dup, result.dup])
    result
  end

  def self.escape(*arg)
    encode(*arg)
  end
end

module HmacRecorder
  class << self
    attr_accessor :data
  end

  def digest(digest, key, data)
    HmacRecorder.data = data.dup
    super
  end
end
OpenSSL::HMAC.singleton_class.prepend(HmacRecorder)

require 'fog/aliyun'
require 'fog/aliyun/compute'

class Skip < StandardError; end

def impl_version
  v = `dpkg-query -W -f '${Version}' ruby-fog-aliyun 2>/dev/null`.strip
  v.empty? ? Fog::Aliyun::VERSION : v
rescue StandardError
  Fog::Aliyun::VERSION
end

def text(value)
  return value if value.is_a?(String)
  raise ArgumentError, "not a Text: #{value.inspect}" unless value.is_a?(Hash) && value['utf16'].is_a?(Array)

  begin
    value['utf16'].pack('n*').force_encoding(Encoding::UTF_16BE).encode(Encoding::UTF_8)
  rescue EncodingError
    raise Skip, 'Ruby strings cannot hold a lone UTF-16 surrogate'
  end
end

def to_hash(pairs)
  hash = {}
  pairs.each do |name, value|
    name = text(name)
    raise Skip, "fog-aliyun signs a Hash: the duplicate name #{name.inspect} cannot be expressed" if hash.key?(name)

    hash[name] = text(value)
  end
  hash
end

def utf8(string)
  s = string.dup.force_encoding(Encoding::UTF_8)
  s.valid_encoding? ? s : string.dup.force_encoding(Encoding::BINARY).encode(Encoding::UTF_8, invalid: :replace, undef: :replace)
end

SIGNER = Fog::Compute::Aliyun::Real.allocate

# Runs fog-aliyun's #sign and returns what it computed along the way.
def run_sign(secret, parameters)
  URI::ConformanceRecorder.calls = []
  HmacRecorder.data = nil
  returned = SIGNER.sign(secret, parameters)
  calls = URI::ConformanceRecorder.calls
  n = parameters.size
  # #sign calls URI.encode on each name and value (2n calls), then on the joined query, then
  # on the Base64 signature.
  raise "unexpected URI.encode calls from #sign: #{calls.size}" unless calls.size == 2 * n + 2

  signature = URI::DEFAULT_PARSER.unescape(returned)
  raise 'signature returned by #sign does not match its Base64 text' unless signature == calls[2 * n + 1][0]

  { calls: calls, canonical: calls[2 * n][0], string_to_sign: HmacRecorder.data, signature: signature }
ensure
  @last_calls = URI::ConformanceRecorder.calls
  URI::ConformanceRecorder.calls = nil
end

def refusal(error)
  { 'status' => 'error', 'code' => 'unknown', 'message' => "#{error.class}: #{error.message}" }
end

def encode_op(input)
  value = text(input['text'])
  calls = []
  begin
    calls = run_sign('secret', { 'a' => value })[:calls]
  rescue StandardError => e
    # #sign encodes the value first and may raise later (on non-ASCII text its second
    # URI.encode, over the joined query, raises); the value's encoding is still its own.
    calls = @last_calls || []
    raise e unless calls.size >= 2
  end
  { 'encoded' => utf8(calls[1][1]) }
end

def canonicalize_op(input)
  result = run_sign('secret', to_hash(input['pairs']))
  { 'canonicalQuery' => utf8(result[:canonical]) }
end

def sign_op(input)
  raise Skip, 'fog-aliyun signs GET only' unless input['method'] == 'GET'
  raise Skip, 'fog-aliyun has no STS security-token option' unless input['securityToken'].nil?

  # The common parameters, as fog-aliyun's defalutParameters lays them out, with the case's
  # values; then the API parameters (fog-aliyun's request methods add them after, so they win).
  parameters = {
    'Format' => input['format'],
    'Version' => input['version'],
    'Action' => input['action'],
    'AccessKeyId' => input['accessKeyId'],
    'SignatureVersion' => '1.0',
    'SignatureMethod' => 'HMAC-SHA1',
    'SignatureNonce' => input['nonce'],
    'Timestamp' => input['timestamp']
  }
  parameters.merge!(to_hash(input['params']))
  result = run_sign(input['accessKeySecret'], parameters)
  {
    'canonicalQuery' => utf8(result[:canonical]),
    'stringToSign' => utf8(result[:string_to_sign]),
    'signature' => result[:signature]
  }
end

def answer(message)
  id = message['id']
  input = message['input']
  output =
    case message['operation']
    when 'encode' then encode_op(input)
    when 'canonicalize' then canonicalize_op(input)
    when 'sign' then sign_op(input)
    else raise Skip, "operation not supported: #{message['operation']}"
    end
  { 'id' => id, 'status' => 'ok', 'output' => output }
rescue Skip => e
  { 'id' => id, 'status' => 'skipped', 'reason' => e.message }
rescue StandardError => e
  if e.backtrace&.any? { |frame| frame.include?('fog/aliyun/') }
    # Raised from inside fog-aliyun's #sign: the implementation refused the input.
    refusal(e).merge('id' => id)
  else
    warn "fog-aliyun adapter: case #{id}: #{e.class}: #{e.message}\n#{e.backtrace&.first(5)&.join("\n")}"
    { 'id' => id, 'status' => 'internal', 'message' => "#{e.class}: #{e.message}" }
  end
end

HELLO = {
  'type' => 'hello',
  'protocol' => 1,
  'name' => 'fog-aliyun',
  'version' => impl_version,
  'operations' => %w[encode canonicalize sign],
  'features' => %w[xml-format custom-version]
}.freeze

$stdin.each_line do |line|
  line = line.strip
  next if line.empty?

  begin
    message = JSON.parse(line)
  rescue JSON::ParserError => e
    warn "fog-aliyun adapter: not JSON: #{e.message}"
    next
  end
  case message['type']
  when 'hello'
    $stdout.puts JSON.generate(HELLO)
    exit 0 unless message['protocol'] == 1
  when 'case'
    $stdout.puts JSON.generate(answer(message))
  else
    warn "fog-aliyun adapter: ignoring message of type #{message['type'].inspect}"
  end
end
exit 0
