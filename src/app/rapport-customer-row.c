/* rapport-customer-row.c */

#define G_LOG_DOMAIN "rapport-customer-row"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-app-state.h"
#include "rapport-customer-row.h"
#include "rapport-records.h"

/* Chips beyond this would not fit a row; the page shows them all. */
#define MAX_CHIPS 3

struct _RapportCustomerRow
{
  GtkWidget  parent_instance;

  AdwAvatar *avatar;
  GtkLabel  *name_label;
  GtkLabel  *detail_label;
  GtkWidget *types_clip;
  GtkBox    *types_box;
  GtkLabel  *chips[MAX_CHIPS];
  GtkLabel  *follow_up_label;
};

G_DEFINE_FINAL_TYPE (RapportCustomerRow, rapport_customer_row, GTK_TYPE_WIDGET)

static const char *
type_label (GPtrArray  *types,
            const char *key)
{
  for (guint i = 0; types != NULL && i < types->len; i++)
    {
      const RapportCustomerType *type = g_ptr_array_index (types, i);

      if (g_str_equal (type->key, key))
        return rapport_customer_type_get_label (type);
    }

  return key;
}

static void
set_chip (RapportCustomerRow *self,
          guint               index,
          const char         *text,
          gboolean            derived)
{
  GtkWidget *chip = GTK_WIDGET (self->chips[index]);

  gtk_label_set_label (self->chips[index], text);
  if (derived)
    gtk_widget_add_css_class (chip, "derived");
  else
    gtk_widget_remove_css_class (chip, "derived");
  gtk_widget_set_tooltip_text (chip, derived ? _("Derived from the contact history") : NULL);
  gtk_widget_set_visible (chip, TRUE);
}

static void
rapport_customer_row_dispose (GObject *object)
{
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object)));)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (rapport_customer_row_parent_class)->dispose (object);
}

static void
rapport_customer_row_class_init (RapportCustomerRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_customer_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static GtkLabel *
label_new (const char *style,
           const char *second_style)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  if (second_style != NULL)
    gtk_widget_add_css_class (label, second_style);

  return GTK_LABEL (label);
}

/* Built in code rather than from a template: the list makes some two
 * hundred rows each time the results change, and parsing a template for
 * each was most of that time. */
static void
rapport_customer_row_init (RapportCustomerRow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkWidget *texts;

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (widget)), 12);
  gtk_widget_set_margin_top (widget, 6);
  gtk_widget_set_margin_bottom (widget, 6);
  gtk_widget_set_margin_start (widget, 6);
  gtk_widget_set_margin_end (widget, 6);

  self->avatar = ADW_AVATAR (adw_avatar_new (40, NULL, TRUE));
  gtk_widget_set_valign (GTK_WIDGET (self->avatar), GTK_ALIGN_CENTER);
  gtk_widget_set_parent (GTK_WIDGET (self->avatar), widget);

  texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_widget_set_parent (texts, widget);

  self->name_label = label_new ("heading", NULL);
  gtk_box_append (GTK_BOX (texts), GTK_WIDGET (self->name_label));
  self->detail_label = label_new ("dim-label", "caption");
  gtk_box_append (GTK_BOX (texts), GTK_WIDGET (self->detail_label));

  /* One line of chips that may be clipped: its minimum width is zero, so
   * the row never holds the window wider than 360 px. */
  self->types_clip = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->types_clip), GTK_POLICY_EXTERNAL, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (self->types_clip), TRUE);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->types_clip), TRUE);
  gtk_widget_set_can_target (self->types_clip, FALSE);
  gtk_widget_set_can_focus (self->types_clip, FALSE);
  gtk_widget_set_margin_top (self->types_clip, 2);
  self->types_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->types_clip), GTK_WIDGET (self->types_box));
  for (guint i = 0; i < MAX_CHIPS; i++)
    {
      self->chips[i] = GTK_LABEL (gtk_label_new (NULL));
      gtk_widget_add_css_class (GTK_WIDGET (self->chips[i]), "type-chip");
      gtk_box_append (self->types_box, GTK_WIDGET (self->chips[i]));
    }
  gtk_box_append (GTK_BOX (texts), self->types_clip);

  self->follow_up_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->follow_up_label, 1);
  gtk_label_set_justify (self->follow_up_label, GTK_JUSTIFY_RIGHT);
  gtk_widget_set_valign (GTK_WIDGET (self->follow_up_label), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->follow_up_label), "caption");
  gtk_widget_set_parent (GTK_WIDGET (self->follow_up_label), widget);
}

GtkWidget *
rapport_customer_row_new (void)
{
  return g_object_new (RAPPORT_TYPE_CUSTOMER_ROW, NULL);
}

void
rapport_customer_row_bind (RapportCustomerRow  *self,
                           RapportCustomerItem *item,
                           GPtrArray           *types,
                           GDateTime           *now)
{
  const RapportCustomer *customer;
  g_autoptr(GString) detail = g_string_new (NULL);
  g_autofree char *accessible = NULL;
  guint chips = 0;

  g_return_if_fail (RAPPORT_IS_CUSTOMER_ROW (self));

  for (guint i = 0; i < MAX_CHIPS; i++)
    gtk_widget_set_visible (GTK_WIDGET (self->chips[i]), FALSE);

  customer = item != NULL ? rapport_customer_item_get_customer (item) : NULL;
  if (customer == NULL)
    {
      gtk_label_set_label (self->name_label, _("Deleted customer"));
      gtk_label_set_label (self->detail_label, "");
      gtk_label_set_label (self->follow_up_label, "");
      adw_avatar_set_text (self->avatar, NULL);
      return;
    }

  gtk_label_set_label (self->name_label, customer->display_name);
  adw_avatar_set_text (self->avatar, customer->display_name);

  if (customer->kind == RAPPORT_CUSTOMER_KIND_ORGANIZATION)
    g_string_append (detail, _("Organization"));
  else if (customer->organization_name != NULL)
    g_string_append (detail, customer->organization_name);

  if (customer->last_contact != 0)
    {
      g_autofree char *when = rapport_format_relative_day (customer->last_contact, now);

      if (detail->len > 0)
        g_string_append (detail, " · ");
      /* Translators: %s is a relative day such as "3 days ago" */
      g_string_append_printf (detail, _("Last contact %s"), when);
    }
  else
    {
      if (detail->len > 0)
        g_string_append (detail, " · ");
      g_string_append (detail, _("No contact yet"));
    }
  gtk_label_set_label (self->detail_label, detail->str);

  for (guint i = 0; i < customer->types->len && chips < MAX_CHIPS; i++, chips++)
    set_chip (self, chips, type_label (types, g_ptr_array_index (customer->types, i)), FALSE);
  for (guint i = 0; i < customer->derived_types->len && chips < MAX_CHIPS; i++, chips++)
    set_chip (self, chips, type_label (types, g_ptr_array_index (customer->derived_types, i)), TRUE);
  gtk_widget_set_visible (self->types_clip, chips > 0);

  gtk_widget_remove_css_class (GTK_WIDGET (self->follow_up_label), "error");
  if (customer->next_follow_up != 0)
    {
      g_autofree char *when = rapport_format_relative_day (customer->next_follow_up, now);
      g_autofree char *text = g_strdup_printf (/* Translators: the next follow-up, %s is "tomorrow", "in 3 days"... */
                                               _("Follow up\n%s"), when);

      gtk_label_set_label (self->follow_up_label, text);
      if (customer->next_follow_up < g_date_time_to_unix (now))
        gtk_widget_add_css_class (GTK_WIDGET (self->follow_up_label), "error");
    }
  else
    gtk_label_set_label (self->follow_up_label, "");

  accessible = g_strdup_printf ("%s, %s", customer->display_name, detail->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}
