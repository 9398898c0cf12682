/**
 * The paste configuration used when there is no api-paste.ini to read (Deno Deploy, or
 * `buildService(..., { noFiles: true })`). Same application names and dotted factory names as Nova's
 * own file, so it behaves as a deployment with Nova's default pipelines would; the `noauth2`
 * pipelines are present but only chosen by `[api] auth_strategy = noauth2`. `etc/nova/api-paste.ini`
 * is this text (a test keeps them equal).
 *
 * @module
 */
export const DEFAULT_PASTE_INI = `# Paste pipelines of the compute and metadata APIs (nova-deno).
# The dotted names are Nova's; nova-deno maps each to its own implementation.

[composite:metadata]
use = egg:Paste#urlmap
/: meta
/healthcheck: healthcheck

[pipeline:meta]
pipeline = cors http_proxy_to_wsgi metaapp

[app:metaapp]
paste.app_factory = nova.api.metadata.handler:MetadataRequestHandler.factory

[composite:osapi_compute]
use = call:nova.api.openstack.urlmap:urlmap_factory
/: oscomputeversions
/v2: oscomputeversion_legacy_v2
/v2.1: oscomputeversion_v2
/v2/+: openstack_compute_api_v21_legacy_v2_compatible
/v2.1/+: openstack_compute_api_v21
/identity: identity
/image: image
/network: network
/volume: volume
/healthcheck: healthcheck
/console: console

# [api] auth_strategy picks the key: keystone (the default) or noauth2 (testing only).
[composite:openstack_compute_api_v21]
use = call:nova.api.auth:pipeline_factory_v21
keystone = cors http_proxy_to_wsgi compute_req_id faultwrap request_log sizelimit osprofiler authtoken keystonecontext osapi_compute_app_v21
noauth2 = cors http_proxy_to_wsgi compute_req_id faultwrap request_log sizelimit osprofiler noauth2 osapi_compute_app_v21

[composite:openstack_compute_api_v21_legacy_v2_compatible]
use = call:nova.api.auth:pipeline_factory_v21
keystone = cors http_proxy_to_wsgi compute_req_id faultwrap request_log sizelimit osprofiler authtoken keystonecontext legacy_v2_compatible osapi_compute_app_v21
noauth2 = cors http_proxy_to_wsgi compute_req_id faultwrap request_log sizelimit osprofiler noauth2 legacy_v2_compatible osapi_compute_app_v21

[filter:request_log]
paste.filter_factory = nova.api.openstack.requestlog:RequestLog.factory

[filter:compute_req_id]
paste.filter_factory = nova.api.compute_req_id:ComputeReqIdMiddleware.factory

[filter:faultwrap]
paste.filter_factory = nova.api.openstack:FaultWrapper.factory

[filter:noauth2]
paste.filter_factory = nova.api.openstack.auth:NoAuthMiddleware.factory

[filter:osprofiler]
paste.filter_factory = nova.profiler:WsgiMiddleware.factory

[filter:sizelimit]
paste.filter_factory = oslo_middleware:RequestBodySizeLimiter.factory

[filter:http_proxy_to_wsgi]
paste.filter_factory = oslo_middleware.http_proxy_to_wsgi:HTTPProxyToWSGI.factory

[filter:legacy_v2_compatible]
paste.filter_factory = nova.api.openstack:LegacyV2CompatibleWrapper.factory

[app:osapi_compute_app_v21]
paste.app_factory = nova.api.openstack.compute:APIRouterV21.factory

[pipeline:oscomputeversions]
pipeline = cors faultwrap request_log http_proxy_to_wsgi oscomputeversionapp

[pipeline:oscomputeversion_v2]
pipeline = cors compute_req_id faultwrap request_log http_proxy_to_wsgi oscomputeversionapp_v2

[pipeline:oscomputeversion_legacy_v2]
pipeline = cors compute_req_id faultwrap request_log http_proxy_to_wsgi legacy_v2_compatible oscomputeversionapp_v2

[app:oscomputeversionapp]
paste.app_factory = nova.api.openstack.compute.versions:Versions.factory

[app:oscomputeversionapp_v2]
paste.app_factory = nova.api.openstack.compute.versions:VersionsV2.factory

[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory
oslo_config_project = nova

[filter:keystonecontext]
paste.filter_factory = nova.api.auth:NovaKeystoneContext.factory

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

# oslo.middleware's healthcheck at /healthcheck of both APIs, as Debian's and Ubuntu's paste files
# mount it: 200 OK, or 503 DISABLED BY FILE while the file below exists (for maintenance).
[app:healthcheck]
paste.app_factory = oslo_middleware:Healthcheck.app_factory
backends = disable_by_file
disable_by_file_path = /var/lib/nova/healthcheck_disable

# nova-deno's embedded Keystone v3 subset ([identity] users); remove the /identity mount above
# when a real Keystone serves the deployment.
[pipeline:identity]
pipeline = cors http_proxy_to_wsgi identity_app

[app:identity_app]
paste.app_factory = nova_deno.identity:app_factory

# nova-deno's read-only Glance v2 and Neutron v2.0 subsets over the configured [images] and
# [networks]; remove the /image and /network mounts above (and set [identity] catalog lines)
# when a real Glance and Neutron serve the deployment.
[composite:image]
use = egg:Paste#urlmap
/: image_versions
/v2: image_api_v2

[pipeline:image_versions]
pipeline = cors http_proxy_to_wsgi image_versions_app

[app:image_versions_app]
paste.app_factory = nova_deno.glance:versions_factory

[composite:image_api_v2]
use = call:nova.api.auth:pipeline_factory_v21
keystone = cors http_proxy_to_wsgi faultwrap request_log sizelimit authtoken keystonecontext image_app_v2
noauth2 = cors http_proxy_to_wsgi faultwrap request_log sizelimit noauth2 image_app_v2

[app:image_app_v2]
paste.app_factory = nova_deno.glance:app_factory

[composite:network]
use = egg:Paste#urlmap
/: network_versions
/v2.0: network_api_v2

[pipeline:network_versions]
pipeline = cors http_proxy_to_wsgi network_versions_app

[app:network_versions_app]
paste.app_factory = nova_deno.neutron:versions_factory

[composite:network_api_v2]
use = call:nova.api.auth:pipeline_factory_v21
keystone = cors http_proxy_to_wsgi faultwrap request_log sizelimit authtoken keystonecontext network_app_v2
noauth2 = cors http_proxy_to_wsgi faultwrap request_log sizelimit noauth2 network_app_v2

[app:network_app_v2]
paste.app_factory = nova_deno.neutron:app_factory

# nova-deno's Cinder v3 subset (volumes, snapshots, the __DEFAULT__ type) over the store; remove
# the /volume mount above (and set [identity] catalog lines) when a real Cinder serves it.
[composite:volume]
use = egg:Paste#urlmap
/: volume_versions
/v3: volume_api_v3

[pipeline:volume_versions]
pipeline = cors http_proxy_to_wsgi volume_versions_app

[app:volume_versions_app]
paste.app_factory = nova_deno.cinder:versions_factory

[composite:volume_api_v3]
use = call:nova.api.auth:pipeline_factory_v21
keystone = cors http_proxy_to_wsgi faultwrap request_log sizelimit authtoken keystonecontext volume_app_v3
noauth2 = cors http_proxy_to_wsgi faultwrap request_log sizelimit noauth2 volume_app_v3

[app:volume_app_v3]
paste.app_factory = nova_deno.cinder:app_factory

# nova-deno's web console (log-in, servers, hosts), off unless [console_ui] enabled = true. It
# calls the compute API in-process with the user's own token (kept in an HttpOnly cookie).
[pipeline:console]
pipeline = http_proxy_to_wsgi console_app

[app:console_app]
paste.app_factory = nova_deno.console:app_factory
`;
