app_name = "clinics"

urlpatterns = []
