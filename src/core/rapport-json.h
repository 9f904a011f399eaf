/* rapport-json.h
 *
 * Records as JSON objects: the --json output of rapportctl and the full
 * backup. Keys are the field names in snake_case; enums are their keys;
 * instants are ISO 8601 in UTC; money is a decimal string plus currency.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rapport-store.h"

G_BEGIN_DECLS

JsonNode *rapport_customer_to_json        (const RapportCustomer      *customer);
JsonNode *rapport_interaction_to_json     (const RapportInteraction   *interaction);
JsonNode *rapport_follow_up_to_json       (const RapportFollowUp      *follow_up);
JsonNode *rapport_contract_to_json        (const RapportContract      *contract);
JsonNode *rapport_notice_to_json          (const RapportNotice        *notice);
JsonNode *rapport_case_to_json            (const RapportCase          *kase);
JsonNode *rapport_feedback_to_json        (const RapportFeedback      *feedback);
JsonNode *rapport_customer_type_to_json   (const RapportCustomerType  *type);
JsonNode *rapport_service_target_to_json  (const RapportServiceTarget *target);
/* "2026-11-20T13:30:00Z"; NULL for 0. */
char     *rapport_json_format_instant     (gint64                      instant);

G_END_DECLS
