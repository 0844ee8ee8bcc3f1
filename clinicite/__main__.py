from clinicite.cli import main

main()
