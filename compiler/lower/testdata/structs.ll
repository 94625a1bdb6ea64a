; ModuleID = 'jlremote'
source_filename = "jlremote"
target triple = "thumbv7m-unknown-none-eabi"

define { double, i32 } @julia_run() !dbg !4 {
entry:
  %c = alloca ptr, align 8
  store ptr null, ptr %c, align 8
  %p = alloca { double, double }, align 8
  store { double, double } zeroinitializer, ptr %p, align 8
  %obj = call ptr @jlremote_alloc(i32 ptrtoint (ptr getelementptr ({ i32 }, ptr null, i32 1) to i32)), !dbg !7
  %0 = getelementptr inbounds { i32 }, ptr %obj, i32 0, i32 0, !dbg !7
  store i32 0, ptr %0, align 4, !dbg !7
  store ptr %obj, ptr %c, align 8, !dbg !8
  %1 = call { double, double } @"julia_swap_Point{Float64}"({ double, double } { double 1.500000e+00, double 2.500000e+00 }), !dbg !9
  store { double, double } %1, ptr %p, align 8, !dbg !10
  %c1 = load ptr, ptr %c, align 8, !dbg !11
  %2 = call i32 @"julia_bump!_Counter_Int32"(ptr %c1, i32 2), !dbg !12
  %p2 = load { double, double }, ptr %p, align 8, !dbg !13
  %c3 = load ptr, ptr %c, align 8, !dbg !14
  %3 = getelementptr inbounds { i32 }, ptr %c3, i32 0, i32 0, !dbg !14
  %4 = load i32, ptr %3, align 4, !dbg !14
  %5 = extractvalue { double, double } %p2, 0, !dbg !15
  %6 = extractvalue { double, double } %p2, 1, !dbg !15
  %7 = call ptr @llvm.stacksave.p0(), !dbg !15
  %print.values = alloca i8, i32 20, align 1, !dbg !15
  %8 = getelementptr i8, ptr %print.values, i32 0, !dbg !15
  store double %5, ptr %8, align 1, !dbg !15
  %9 = getelementptr i8, ptr %print.values, i32 8, !dbg !15
  store double %6, ptr %9, align 1, !dbg !15
  %10 = getelementptr i8, ptr %print.values, i32 16, !dbg !15
  store i32 %4, ptr %10, align 1, !dbg !15
  call void @jlremote_print(i32 0, ptr %print.values, i32 20), !dbg !15
  call void @llvm.stackrestore.p0(ptr %7), !dbg !15
  %p4 = load { double, double }, ptr %p, align 8, !dbg !16
  %11 = extractvalue { double, double } %p4, 0, !dbg !16
  %c5 = load ptr, ptr %c, align 8, !dbg !17
  %12 = getelementptr inbounds { i32 }, ptr %c5, i32 0, i32 0, !dbg !17
  %13 = load i32, ptr %12, align 4, !dbg !17
  %14 = insertvalue { double, i32 } poison, double %11, 0, !dbg !18
  %15 = insertvalue { double, i32 } %14, i32 %13, 1, !dbg !18
  ret { double, i32 } %15, !dbg !19
}

define { double, double } @"julia_swap_Point{Float64}"({ double, double } %0) !dbg !20 {
entry:
  %p = alloca { double, double }, align 8
  store { double, double } zeroinitializer, ptr %p, align 8
  store { double, double } %0, ptr %p, align 8
  %p1 = load { double, double }, ptr %p, align 8, !dbg !21
  %1 = extractvalue { double, double } %p1, 1, !dbg !21
  %p2 = load { double, double }, ptr %p, align 8, !dbg !22
  %2 = extractvalue { double, double } %p2, 0, !dbg !22
  %3 = insertvalue { double, double } poison, double %1, 0, !dbg !23
  %4 = insertvalue { double, double } %3, double %2, 1, !dbg !23
  ret { double, double } %4
}

define i32 @"julia_bump!_Counter_Int32"(ptr %0, i32 %1) !dbg !24 {
entry:
  %c = alloca ptr, align 8
  store ptr null, ptr %c, align 8
  %k = alloca i32, align 4
  store i32 0, ptr %k, align 4
  store ptr %0, ptr %c, align 8
  store i32 %1, ptr %k, align 4
  %c1 = load ptr, ptr %c, align 8, !dbg !25
  %k2 = load i32, ptr %k, align 4, !dbg !26
  %c3 = load ptr, ptr %c, align 8, !dbg !25
  %2 = getelementptr inbounds { i32 }, ptr %c3, i32 0, i32 0, !dbg !25
  %3 = load i32, ptr %2, align 4, !dbg !25
  %4 = add i32 %3, %k2, !dbg !25
  %5 = getelementptr inbounds { i32 }, ptr %c1, i32 0, i32 0, !dbg !25
  store i32 %4, ptr %5, align 4, !dbg !25
  ret i32 %4
}

; Function Attrs: nounwind
declare noalias nonnull ptr @jlremote_alloc(i32) #0

; Function Attrs: nocallback nofree nosync nounwind willreturn
declare ptr @llvm.stacksave.p0() #1

declare void @jlremote_print(i32, ptr, i32)

; Function Attrs: nocallback nofree nosync nounwind willreturn
declare void @llvm.stackrestore.p0(ptr) #1

attributes #0 = { nounwind }
attributes #1 = { nocallback nofree nosync nounwind willreturn }

!llvm.module.flags = !{!0, !1}
!llvm.dbg.cu = !{!2}

!0 = !{i32 2, !"Debug Info Version", i32 3}
!1 = !{i32 2, !"Dwarf Version", i32 4}
!2 = distinct !DICompileUnit(language: DW_LANG_Julia, file: !3, producer: "jlremote", isOptimized: true, runtimeVersion: 0, emissionKind: LineTablesOnly)
!3 = !DIFile(filename: "test.jl", directory: ".")
!4 = distinct !DISubprogram(name: "run", linkageName: "julia_run", scope: !3, file: !3, line: 17, type: !5, scopeLine: 17, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2)
!5 = !DISubroutineType(types: !6)
!6 = !{}
!7 = !DILocation(line: 18, column: 9, scope: !4)
!8 = !DILocation(line: 18, column: 5, scope: !4)
!9 = !DILocation(line: 19, column: 9, scope: !4)
!10 = !DILocation(line: 19, column: 5, scope: !4)
!11 = !DILocation(line: 20, column: 11, scope: !4)
!12 = !DILocation(line: 20, column: 5, scope: !4)
!13 = !DILocation(line: 21, column: 21, scope: !4)
!14 = !DILocation(line: 21, column: 33, scope: !4)
!15 = !DILocation(line: 21, column: 5, scope: !4)
!16 = !DILocation(line: 22, column: 13, scope: !4)
!17 = !DILocation(line: 22, column: 18, scope: !4)
!18 = !DILocation(line: 22, column: 12, scope: !4)
!19 = !DILocation(line: 22, column: 5, scope: !4)
!20 = distinct !DISubprogram(name: "swap", linkageName: "julia_swap_Point{Float64}", scope: !3, file: !3, line: 15, type: !5, scopeLine: 15, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2)
!21 = !DILocation(line: 15, column: 24, scope: !20)
!22 = !DILocation(line: 15, column: 29, scope: !20)
!23 = !DILocation(line: 15, column: 18, scope: !20)
!24 = distinct !DISubprogram(name: "bump!", linkageName: "julia_bump!_Counter_Int32", scope: !3, file: !3, line: 14, type: !5, scopeLine: 14, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2)
!25 = !DILocation(line: 14, column: 25, scope: !24)
!26 = !DILocation(line: 14, column: 32, scope: !24)
