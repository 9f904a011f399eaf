/* rapport-follow-up-row.c
 *
 * A row of the Follow-ups view: the title, the customer as a link (or
 * "No customer yet · Assign…"), when it is due, and Done, Snooze and More,
 * whose menus are made when first opened.
 */

#define G_LOG_DOMAIN "rapport-follow-ups-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rapport-follow-up-row.h"
#include "rapport-section.h"

static gboolean
customer_link_cb (GtkLabel   *label,
                  const char *uri,
                  gpointer    user_data)
{
  gint64 customer_id;

  if (g_str_has_prefix (uri, "assign:"))
    {
      gint64 follow_up_id = g_ascii_strtoll (uri + strlen ("assign:"), NULL, 10);

      gtk_widget_activate_action (GTK_WIDGET (label), "follow-up.assign", "x", follow_up_id);
      return TRUE;
    }

  if (!g_str_has_prefix (uri, "customer:"))
    return FALSE;

  customer_id = g_ascii_strtoll (uri + strlen ("customer:"), NULL, 10);
  gtk_widget_activate_action (GTK_WIDGET (label), "follow-up.open-customer", "x", customer_id);

  return TRUE;
}

static void
add_snooze_item (GMenu                 *menu,
                 const RapportFollowUp *follow_up,
                 GDateTime             *now,
                 RapportSnooze          snooze,
                 const char            *label,
                 const char            *kind)
{
  g_autoptr(GDateTime) target = rapport_snooze_target (snooze, now);
  g_autoptr(GMenuItem) item = NULL;

  if (!rapport_snooze_postpones (follow_up, now, target))
    return;

  item = g_menu_item_new (label, NULL);
  g_menu_item_set_action_and_target_value (item, "follow-up.snooze",
                                           g_variant_new ("(xs)", follow_up->id, kind));
  g_menu_append_item (menu, item);
}

/* Menus are made when first opened: hundreds of rows, few menus used. */
static void
create_snooze_menu_cb (GtkMenuButton *button,
                       gpointer       user_data)
{
  RapportFollowUpsView *self = RAPPORT_FOLLOW_UPS_VIEW (gtk_widget_get_ancestor (GTK_WIDGET (button),
                                                                                 RAPPORT_TYPE_FOLLOW_UPS_VIEW));
  const RapportFollowUp *follow_up = rapport_follow_ups_view_lookup (self, *(gint64 *) user_data);
  g_autoptr(GDateTime) now = rapport_follow_ups_view_dup_now (self);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) times = g_menu_new ();
  g_autoptr(GMenu) other = g_menu_new ();
  g_autoptr(GMenuItem) pick = NULL;

  if (follow_up == NULL)
    return;

  add_snooze_item (times, follow_up, now, RAPPORT_SNOOZE_ONE_HOUR, _("For 1 _Hour"), "hour");
  add_snooze_item (times, follow_up, now, RAPPORT_SNOOZE_TOMORROW, _("Until _Tomorrow 09:00"), "tomorrow");
  add_snooze_item (times, follow_up, now, RAPPORT_SNOOZE_NEXT_WEEK, _("Until _Next Week (Monday 09:00)"), "next-week");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (times));

  pick = g_menu_item_new (_("_Pick a Date…"), NULL);
  g_menu_item_set_action_and_target_value (pick, "follow-up.snooze",
                                           g_variant_new ("(xs)", follow_up->id, "date"));
  g_menu_append_item (other, pick);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (other));

  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

static void
create_more_menu_cb (GtkMenuButton *button,
                     gpointer       user_data)
{
  RapportFollowUpsView *self = RAPPORT_FOLLOW_UPS_VIEW (gtk_widget_get_ancestor (GTK_WIDGET (button),
                                                                                 RAPPORT_TYPE_FOLLOW_UPS_VIEW));
  const RapportFollowUp *follow_up = rapport_follow_ups_view_lookup (self, *(gint64 *) user_data);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) edit = g_menu_new ();
  g_autoptr(GMenu) remove = g_menu_new ();

  if (follow_up == NULL)
    return;

  rapport_section_menu_append (edit, _("_Reschedule…"), "follow-up.reschedule", follow_up->id);
  if (follow_up->customer_id != 0)
    rapport_section_menu_append (edit, _("_Open Customer"), "follow-up.open-customer", follow_up->customer_id);
  else
    rapport_section_menu_append (edit, _("_Assign to a Customer…"), "follow-up.assign", follow_up->id);
  rapport_section_menu_append (remove, _("_Delete"), "follow-up.delete", follow_up->id);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (edit));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (remove));

  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

static GtkWidget *
icon_menu_button_new (const char                   *icon_name,
                      const char                   *label,
                      GtkMenuButtonCreatePopupFunc  create,
                      gint64                        id)
{
  GtkWidget *button = gtk_menu_button_new ();

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), icon_name);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (button), create,
                                         g_memdup2 (&id, sizeof id), g_free);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");

  return button;
}

GtkWidget *
rapport_follow_up_row_new (const RapportFollowUp *follow_up,
                   GDateTime             *now,
                   RapportDueRange        range)
{
  RapportDueLabel due;
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *texts;
  GtkWidget *title;
  GtkWidget *customer;
  GtkWidget *when_box;
  GtkWidget *when;
  GtkWidget *done;
  g_autofree char *markup = NULL;
  g_autoptr(GString) when_text = g_string_new (NULL);

  rapport_due_label_compute (follow_up, now, &due);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), texts);

  title = gtk_label_new (follow_up->title);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (texts), title);

  /* The customer is a link: Tab reaches it, Enter or a click opens them.
   * A follow-up of no customer yet links to choosing one. */
  if (follow_up->customer_id != 0)
    markup = g_markup_printf_escaped ("<a href=\"customer:%" G_GINT64_FORMAT "\" title=\"%s\">%s</a>",
                                      follow_up->customer_id, _("Open Customer"),
                                      follow_up->customer_name != NULL ? follow_up->customer_name : "");
  else
    {
      g_autofree char *href = g_strdup_printf ("assign:%" G_GINT64_FORMAT, follow_up->id);

      /* Translators: keep the markup; %s is the link's address */
      markup = g_markup_printf_escaped (_("No customer yet · <a href=\"%s\">Assign…</a>"), href);
    }
  customer = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (customer), markup);
  gtk_label_set_xalign (GTK_LABEL (customer), 0);
  gtk_label_set_wrap (GTK_LABEL (customer), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (customer), PANGO_WRAP_WORD_CHAR);
  g_signal_connect (customer, "activate-link", G_CALLBACK (customer_link_cb), NULL);
  gtk_box_append (GTK_BOX (texts), customer);

  when_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (texts), when_box);

  if (due.recurring)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("media-playlist-repeat-symbolic");

      gtk_widget_set_tooltip_text (icon, _("Recurring"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Recurring"),
                                      -1);
      gtk_widget_add_css_class (icon, "dim-label");
      gtk_box_append (GTK_BOX (when_box), icon);
    }

  g_string_append (when_text, due.when);
  if (due.zone_time != NULL)
    {
      /* Translators: separates the parts of a line, "Today 11:00 · 10:00 Africa/Lagos" */
      g_string_append (when_text, _(" · "));
      g_string_append (when_text, due.zone_time);
    }
  if (due.snoozed)
    {
      g_string_append (when_text, _(" · "));
      /* Translators: said of a follow-up put off until later */
      g_string_append (when_text, _("snoozed"));
    }

  when = gtk_label_new (when_text->str);
  gtk_label_set_xalign (GTK_LABEL (when), 0);
  gtk_label_set_wrap (GTK_LABEL (when), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (when), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (when, "caption");
  gtk_widget_add_css_class (when, due.overdue ? "error" : "dim-label");
  gtk_box_append (GTK_BOX (when_box), when);

  done = gtk_button_new_from_icon_name ("object-select-symbolic");
  gtk_widget_set_tooltip_text (done, _("Mark Done"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (done),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Mark Done"),
                                  -1);
  gtk_widget_set_valign (done, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (done, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (done), "follow-up.done");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (done), g_variant_new_int64 (follow_up->id));
  gtk_box_append (GTK_BOX (box), done);

  gtk_box_append (GTK_BOX (box),
                  icon_menu_button_new ("alarm-symbolic", _("Snooze"),
                                        create_snooze_menu_cb, follow_up->id));
  gtk_box_append (GTK_BOX (box),
                  icon_menu_button_new ("view-more-symbolic", _("More Actions"),
                                        create_more_menu_cb, follow_up->id));

  rapport_due_label_clear (&due);

  return row;
}

GtkWidget *
rapport_show_more_row_new (const char      *label,
                   RapportDueRange  range)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *text = gtk_label_new (label);

  gtk_widget_set_margin_top (text, 12);
  gtk_widget_set_margin_bottom (text, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), text);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "follow-up.show-more");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), g_variant_new_uint32 (range));

  return row;
}
