/* rapport-cases-view.h
 *
 * The Cases section: complaints and queries in three groups, Open,
 * Escalated and Resolved Recently (the last 30 days). Rows show the
 * customer a click away, the category and severity, when the case was
 * opened and how soon it had a first response, marked when the service
 * target for the customer's types has passed. Per row Edit, Resolve (with
 * the resolution kind), Escalate (to whom and how) and Delete (with Undo).
 */
#pragma once

#include <adwaita.h>

#include "rapport-context.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_CASES_VIEW (rapport_cases_view_get_type ())

G_DECLARE_FINAL_TYPE (RapportCasesView, rapport_cases_view, RAPPORT, CASES_VIEW, GtkWidget)

GtkWidget *rapport_cases_view_new (RapportContext *context);

G_END_DECLS
