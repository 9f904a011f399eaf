/* rapportctl-demo.c
 *
 * rapportctl demo: fills an empty database with the demo data set
 * (customers, contact history, follow-ups and contracts dated relative
 * to now), for trying Rapport out and for screenshots.
 */

#define G_LOG_DOMAIN "rapportctl"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-demo.h"
#include "rapportctl.h"

int
rapportctl_demo (Rapportctl  *ctl,
                 int          argc,
                 char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  RapportStore *store;
  int status;

  if (!rapportctl_parse_options ("demo", NULL,
                                 _("Adds demo customers with their contact history, follow-ups and contracts\n"
                                   "to an empty database, dated relative to now."),
                                 NULL, &argc, &argv, &status))
    return status;

  if (argc > 1)
    return rapportctl_usage_error ("demo", _("unexpected argument “%s”"), argv[1]);

  store = rapportctl_get_store (ctl, &error);
  if (store == NULL)
    return rapportctl_fail (error);

  now = g_date_time_new_now (ctl->local_zone);
  if (!rapport_store_add_demo_data (store, now, &error))
    return rapportctl_fail (error);

  g_print (_("Added the demo data to %s\n"), rapport_store_get_path (store));
  return RAPPORTCTL_EXIT_OK;
}
