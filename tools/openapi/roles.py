# One-off editor of bundles/org.affinity.rest/src/main/resources/org/affinity/rest/openapi.json:
# gives every operation its operationId, its role (x-role) and its problem responses. Kept in tools/
# so the next route can be added the same way: edit OPS, run `python3 tools/openapi/roles.py`.
import json, sys
P = 'bundles/org.affinity.rest/src/main/resources/org/affinity/rest/openapi.json'
OPS = {
 ('get','/api/health'): ('getHealth','public'),
 ('get','/api/health/live'): ('getLiveness','public'),
 ('get','/api/openapi.json'): ('getOpenApi','read'),
 ('get','/api/store'): ('getStoreCounts','read'),
 ('get','/api/store/daily'): ('getDailyEvents','read'),
 ('get','/api/whoami'): ('whoAmI','any'),
 ('post','/api/events'): ('postEvents','ingest'),
 ('post','/api/items'): ('postItems','ingest'),
 ('get','/api/items/{id}'): ('getItem','read'),
 ('put','/api/items/{id}'): ('putItem','ingest'),
 ('get','/api/members/{id}'): ('getMember','read'),
 ('put','/api/members/{id}'): ('putMember','ingest'),
 ('delete','/api/members/{id}'): ('eraseMember','admin'),
 ('get','/api/members/{id}/events'): ('getMemberEvents','read'),
 ('get','/api/members/{id}/export'): ('exportMember','admin'),
 ('post','/api/imports'): ('startImport','ingest'),
 ('get','/api/jobs'): ('listJobs','read'),
 ('get','/api/jobs/{id}'): ('getJob','read'),
 ('delete','/api/jobs/{id}'): ('cancelJob','admin'),
 ('get','/api/jobs/{id}/events'): ('streamJobEvents','read'),
 ('get','/api/members/{id}/profile'): ('getMemberProfile','read'),
 ('get','/api/members/{id}/similar'): ('getSimilarMembers','read'),
 ('get','/api/profiles'): ('getPopulation','read'),
 ('post','/api/profiles/refresh'): ('refreshPopulation','admin'),
 ('post','/api/profiles/rebuild'): ('rebuildProfiles','admin'),
 ('get','/api/segments'): ('listSegments','read'),
 ('post','/api/segments'): ('putSegment','admin'),
 ('get','/api/segments/{id}'): ('getSegment','read'),
 ('delete','/api/segments/{id}'): ('deleteSegment','admin'),
 ('get','/api/segments/{id}/members'): ('getSegmentMembers','read'),
 ('get','/api/members/{id}/recommendations'): ('recommendForMember','read'),
 ('get','/api/items/{id}/recommendations'): ('recommendForItem','read'),
 ('get','/api/strategies'): ('getStrategies','read'),
 ('put','/api/strategies/default'): ('setDefaultStrategy','admin'),
 ('get','/api/strategies/routes'): ('getRoutes','read'),
 ('put','/api/strategies/routes'): ('setRoutes','admin'),
 ('get','/api/strategies/experiment'): ('getExperiment','read'),
 ('put','/api/strategies/experiment'): ('setExperiment','admin'),
 ('delete','/api/strategies/experiment'): ('endExperiment','admin'),
 ('put','/api/strategies/fallback'): ('setFallback','admin'),
 ('get','/api/strategies/uplift'): ('getUplift','read'),
 ('get','/api/search'): ('searchCatalogue','read'),
 ('get','/api/items/{id}/similar'): ('getSimilarItems','read'),
 ('get','/api/search/status'): ('getSearchStatus','read'),
 ('post','/api/search/reindex'): ('reindexCatalogue','admin'),
 ('get','/api/training'): ('listModels','read'),
 ('get','/api/training/{strategy}'): ('getModel','read'),
 ('post','/api/training/{strategy}'): ('trainModel','admin'),
 ('post','/api/strategies/cf/train'): ('trainCf','admin'),
 ('get','/api/chat/sessions'): ('listChatSessions','read'),
 ('post','/api/chat/sessions'): ('openChatSession','read'),
 ('get','/api/chat/sessions/{id}'): ('getChatSession','read'),
 ('post','/api/chat/sessions/{id}/messages'): ('sendChatMessage','read'),
 ('post','/api/chat/sessions/{id}/close'): ('closeChatSession','read'),
 ('get','/api/chat/handoffs'): ('listHandoffs','read'),
 ('get','/api/chat/articles'): ('listArticles','read'),
 ('post','/api/chat/articles'): ('putArticles','admin'),
 ('get','/api/chat/articles/search'): ('searchArticles','read'),
 ('get','/api/chat/articles/{id}'): ('getArticle','read'),
 ('put','/api/chat/articles/{id}'): ('putArticle','admin'),
 ('delete','/api/chat/articles/{id}'): ('deleteArticle','admin'),
 ('get','/api/keys'): ('listKeys','admin'),
 ('post','/api/keys'): ('createKey','admin'),
 ('get','/api/keys/{id}'): ('getKey','admin'),
 ('delete','/api/keys/{id}'): ('revokeKey','admin'),
 ('get','/api/metrics'): ('getMetrics','metrics'),
 ('get','/api/campaigns'): ('listCampaigns','read'),
 ('post','/api/campaigns'): ('createCampaign','admin'),
 ('get','/api/campaigns/{id}'): ('getCampaign','read'),
 ('get','/api/campaigns/{id}/audience'): ('previewAudience','read'),
 ('post','/api/campaigns/{id}/send'): ('sendCampaign','admin'),
 ('post','/api/campaigns/{id}/cancel'): ('cancelCampaign','admin'),
 ('get','/api/campaigns/{id}/report'): ('getCampaignReport','read'),
 ('post','/api/campaigns/simulate'): ('simulateCampaign','admin'),
 ('post','/api/campaigns/draft'): ('draftCampaignCopy','admin'),
 ('get','/api/chat/intents'): ('listIntentSets','read'),
 ('get','/api/chat/intents/{set}'): ('getIntentSet','read'),
 ('put','/api/chat/intents/{set}'): ('trainIntentSet','admin'),
 ('delete','/api/chat/intents/{set}'): ('deleteIntentSet','admin'),
 ('post','/api/chat/classify'): ('classifyIntent','read'),
 ('post','/api/evaluations'): ('startEvaluation','admin'),
}
ROLE_TEXT = {'public': 'no key needed', 'read': 'a key with role read (or admin)',
             'ingest': 'a key with role ingest (or admin)', 'admin': 'a key with role admin',
             'metrics': 'a key with role metrics (or admin)', 'any': 'any valid key, whatever its roles'}

def problem(description):
    return {'description': description, 'content': {'application/problem+json': {'schema': {'$ref': '#/components/schemas/Problem'}}}}

d = json.load(open(P))
c = d['components']
S = c['schemas']
S.pop('Error', None)
S['Problem'] = {'type': 'object', 'description': 'RFC 9457 problem details: what went wrong, for every error',
  'properties': {
    'type': {'type': 'string', 'description': 'a URI naming the kind of problem (about:blank for plain HTTP statuses)'},
    'title': {'type': 'string', 'description': 'the kind of problem, for people'},
    'status': {'type': 'integer'},
    'detail': {'type': 'string', 'description': 'what was wrong this time'},
    'instance': {'type': 'string', 'description': 'the request path'},
    'errors': {'type': 'array', 'description': 'each rejected field or record (line numbers for files)',
               'items': {'type': 'object', 'properties': {'line': {'type': 'integer'}, 'field': {'type': 'string'},
                         'detail': {'type': 'string'}}}}},
  'required': ['type', 'title', 'status']}
c['securitySchemes'] = {
  'bearer': {'type': 'http', 'scheme': 'bearer', 'description': 'an API key: Authorization: Bearer aff_<id>_<secret>'},
  'apiKey': {'type': 'apiKey', 'in': 'header', 'name': 'X-API-Key', 'description': 'the same key in a header of its own'}}
d['security'] = [{'bearer': []}, {'apiKey': []}]
c['responses'] = {
  'BadRequest': problem('the request is malformed or invalid; errors names each problem'),
  'Unauthorized': problem('no key, or a key that is unknown, revoked or expired (WWW-Authenticate: Bearer)'),
  'Forbidden': problem('the key lacks the role this operation needs'),
  'NotFound': problem('no such resource'),
  'TooManyRequests': problem('the key sent more requests than its rate allows; Retry-After says when to try again'),
  'Unavailable': problem('the capability is not running (its bundle is stopped or missing), or not ready yet')}

missing = []
seen = set()
for path, item in d['paths'].items():
    for method, op in item.items():
        if method not in ('get', 'put', 'post', 'delete'):
            continue
        key = (method, path)
        seen.add(key)
        if key not in OPS:
            missing.append(method.upper() + ' ' + path)
            continue
        op_id, role = OPS[key]
        op['operationId'] = op_id
        op['x-role'] = role
        if role == 'public':
            op['security'] = []
        elif 'security' in op:
            del op['security']
        rd = op.get('description', '')
        note = 'No key needed.' if role == 'public' else 'Needs ' + ROLE_TEXT[role] + '.'
        if 'needs a key' not in rd.lower() and 'no key needed' not in rd.lower() and 'Needs ' not in rd:
            op['description'] = (rd + ' ' + note).strip()
        responses = op.setdefault('responses', {})
        for status, r in list(responses.items()):
            if status.startswith(('4', '5')) and 'content' in r:
                r['content'] = {'application/problem+json': {'schema': {'$ref': '#/components/schemas/Problem'}}}
        takes_input = 'requestBody' in op or any(p.get('in') == 'query' for p in op.get('parameters', []) + item.get('parameters', []))
        has_path_params = '{' in path
        if takes_input and '400' not in responses:
            responses['400'] = {'$ref': '#/components/responses/BadRequest'}
        if role != 'public':
            responses.setdefault('401', {'$ref': '#/components/responses/Unauthorized'})
            responses.setdefault('403', {'$ref': '#/components/responses/Forbidden'})
            responses.setdefault('429', {'$ref': '#/components/responses/TooManyRequests'})
        if has_path_params and '404' not in responses:
            responses['404'] = {'$ref': '#/components/responses/NotFound'}
        if role != 'public' and '503' not in responses:
            responses['503'] = {'$ref': '#/components/responses/Unavailable'}
json.dump(d, open(P, 'w'), indent=2, ensure_ascii=False)
open(P, 'a').write('\n')
if missing:
    print('operations without an id and role (add them to OPS):', *missing, sep='\n  ')
    sys.exit(1)
