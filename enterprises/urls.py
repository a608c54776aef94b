app_name = "enterprises"
urlpatterns = []
